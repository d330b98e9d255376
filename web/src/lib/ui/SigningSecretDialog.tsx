import { SIGNATURE_HEADER } from '../../../../common/webhooks.ts';
import { Button } from './Button.tsx';
import { SecretValue } from './CopyButton.tsx';
import { Dialog } from './Dialog.tsx';

/** A webhook's new signing secret, shown once, with how a receiver checks the signature header. */
export function SigningSecretDialog({ secret, onClose }: { secret: { name: string; value: string } | null; onClose: () => void }) {
  return (
    <Dialog
      open={secret !== null}
      onClose={onClose}
      title={`Signing secret for ${secret?.name ?? ''}`}
      description={`Copy it now: it is shown only this once. Your endpoint uses it to check the ${SIGNATURE_HEADER} header.`}
      footer={<Button onClick={onClose}>Done</Button>}
    >
      {secret ? <SecretValue value={secret.value} label="Signing secret" /> : null}
      <p className="mt-4 text-[13px] text-muted">
        The header reads <code className="font-mono">t=&lt;unix time&gt;,v1=&lt;hex&gt;</code>, where v1 is the HMAC-SHA256 of <code className="font-mono">t.body</code> with this secret. Reject
        requests whose time is more than five minutes old.
      </p>
    </Dialog>
  );
}
