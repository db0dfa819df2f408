import { Alert } from '@mantine/core';

/** A failure people should read, announced to screen readers; nothing when there is none. */
export function ErrorAlert({ error, title }: { error: string | undefined; title?: string }) {
  if (error === undefined) return null;
  return (
    <Alert color="red" role="alert" title={title}>
      {error}
    </Alert>
  );
}
