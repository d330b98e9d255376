import { buttonClasses } from '../../lib/ui/index.ts';
import { useOAuthProviders } from './queries.ts';

const logos: Record<string, string> = {
  github:
    'M12 .5a11.5 11.5 0 0 0-3.6 22.4c.6.1.8-.3.8-.6v-2c-3.2.7-3.9-1.5-3.9-1.5-.5-1.3-1.3-1.7-1.3-1.7-1-.7.1-.7.1-.7 1.2.1 1.8 1.2 1.8 1.2 1 1.8 2.8 1.3 3.5 1 .1-.8.4-1.3.7-1.6-2.6-.3-5.3-1.3-5.3-5.7 0-1.3.5-2.3 1.2-3.1-.1-.3-.5-1.5.1-3.1 0 0 1-.3 3.2 1.2a11 11 0 0 1 5.8 0c2.2-1.5 3.2-1.2 3.2-1.2.6 1.6.2 2.8.1 3.1.8.8 1.2 1.8 1.2 3.1 0 4.4-2.7 5.4-5.3 5.7.4.4.8 1.1.8 2.2v3.3c0 .3.2.7.8.6A11.5 11.5 0 0 0 12 .5Z',
  google:
    'M21.8 10.2H12v3.9h5.6c-.5 2.5-2.6 4.3-5.6 4.3a6.4 6.4 0 0 1 0-12.8c1.6 0 3 .6 4.1 1.5l2.9-2.9A10.4 10.4 0 0 0 12 1.6a10.4 10.4 0 1 0 0 20.8c6 0 10-4.2 10-10.2 0-.7-.1-1.3-.2-2Z',
};

/** "Continue with …" for each OAuth provider the server has configured; nothing when there are none. */
export function OAuthButtons({ intent = 'signin' }: { intent?: 'signin' | 'link' }) {
  const providers = useOAuthProviders();
  const list = providers.data?.providers ?? [];
  if (!list.length) return null;
  return (
    <div className="space-y-4">
      <div className="grid gap-2">
        {list.map((provider) => (
          <a key={provider.id} href={`/api/v1/auth/oauth/${provider.id}/start?intent=${intent}`} className={buttonClasses('secondary', 'md', 'w-full')}>
            <svg viewBox="0 0 24 24" className="size-4" fill="currentColor" aria-hidden="true">
              <path d={logos[provider.id]} />
            </svg>
            Continue with {provider.name}
          </a>
        ))}
      </div>
      <div className="flex items-center gap-3 text-[12px] text-muted">
        <span className="h-px flex-1 bg-border" />
        or with email
        <span className="h-px flex-1 bg-border" />
      </div>
    </div>
  );
}
