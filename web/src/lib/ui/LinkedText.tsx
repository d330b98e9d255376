import { Fragment } from 'react';
import { Link } from 'react-router';

const URL_PATTERN = /(https?:\/\/[^\s<>"')]+)/g;

/**
 * Plain text with its URLs made clickable. Links to this app open in place (client-side),
 * so a verification link from a stored email keeps the current session.
 */
export function LinkedText({ text }: { text: string }) {
  const parts = text.split(URL_PATTERN);
  return (
    <p className="font-sans text-sm leading-6 break-words whitespace-pre-wrap">
      {parts.map((part, index) => {
        if (index % 2 === 0) return <Fragment key={index}>{part}</Fragment>;
        const url = new URL(part);
        const className = 'font-medium text-accent underline underline-offset-2 break-all';
        return url.origin === window.location.origin ? (
          <Link key={index} to={`${url.pathname}${url.search}${url.hash}`} className={className}>
            {part}
          </Link>
        ) : (
          <a key={index} href={part} className={className} rel="noreferrer noopener" target="_blank">
            {part}
          </a>
        );
      })}
    </p>
  );
}
