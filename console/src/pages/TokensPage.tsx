import { Alert, Badge, Button, Code, CopyButton, Group, NumberInput, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { api, errorMessage } from '../api';
import { ErrorAlert } from '../components/ErrorAlert';
import { dateTime } from '../format';
import { useApi, useSession } from '../session';
import type { ApiTokenInfo } from '../types';

function state(token: ApiTokenInfo): { label: string; color: string } {
  if (token.revokedAt !== undefined) return { label: 'revoked', color: 'gray' };
  if (token.expiresAt !== undefined && Date.parse(token.expiresAt) <= Date.now()) return { label: 'expired', color: 'gray' };
  return { label: 'active', color: 'teal' };
}

export function TokensPage() {
  const { session } = useSession();
  const tokens = useApi(() => api<{ items: ApiTokenInfo[] }>('/tokens'), []);
  const [name, setName] = useState('');
  const [days, setDays] = useState<string | number>('');
  const [created, setCreated] = useState<string | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);

  const create = async (event: FormEvent) => {
    event.preventDefault();
    setError(undefined);
    try {
      const body = typeof days === 'number' ? { name, expiresInDays: days } : { name };
      const result = await api<{ token: string }>('/tokens', { body });
      setCreated(result.token);
      setName('');
      tokens.reload();
    } catch (caught) {
      setError(errorMessage(caught));
    }
  };
  const revoke = async (token: ApiTokenInfo) => {
    await api(`/tokens/${encodeURIComponent(token.id)}`, { method: 'DELETE' }).catch((caught: unknown) => setError(errorMessage(caught)));
    tokens.reload();
  };

  return (
    <Stack>
      <Title order={2}>API tokens</Title>
      <Text size="sm" c="dimmed">
        A token lets a script or another system call the API as you, with your role ({session?.user.role}). Send it as <Code>Authorization: Bearer &lt;token&gt;</Code>.
      </Text>
      {created !== undefined && (
        <Alert color="teal" title="Copy your new token now: it is shown only once" role="status">
          <Group gap="xs" wrap="nowrap">
            <Code className="pre-wrap">{created}</Code>
            <CopyButton value={created}>{({ copied, copy }) => <Button size="xs" onClick={copy}>{copied ? 'Copied' : 'Copy'}</Button>}</CopyButton>
          </Group>
        </Alert>
      )}
      <ErrorAlert error={error} />
      <form onSubmit={(e) => void create(e)}>
        <Group align="flex-end">
          <TextInput label="Token name" placeholder="helpdesk integration" required value={name} onChange={(e) => setName(e.currentTarget.value)} />
          <NumberInput label="Expires after (days)" placeholder="never" min={1} max={3650} value={days} onChange={setDays} w={170} />
          <Button type="submit">Create token</Button>
        </Group>
      </form>
      <Table.ScrollContainer minWidth={600}>
        <Table verticalSpacing="sm">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Name</Table.Th>
              <Table.Th>Starts with</Table.Th>
              <Table.Th>Created</Table.Th>
              <Table.Th>Last used</Table.Th>
              <Table.Th>State</Table.Th>
              <Table.Th>
                <span className="visually-hidden">Actions</span>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(tokens.data?.items ?? []).map((t) => {
              const s = state(t);
              return (
                <Table.Tr key={t.id}>
                  <Table.Td>{t.name}</Table.Td>
                  <Table.Td>
                    <Code>{t.prefix}…</Code>
                  </Table.Td>
                  <Table.Td>{dateTime(t.createdAt)}</Table.Td>
                  <Table.Td>{t.lastUsedAt === undefined ? 'never' : dateTime(t.lastUsedAt)}</Table.Td>
                  <Table.Td>
                    <Badge color={s.color} variant="light">
                      {s.label}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    {s.label === 'active' && (
                      <Button size="xs" color="red" variant="light" onClick={() => void revoke(t)}>
                        Revoke
                      </Button>
                    )}
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {tokens.data?.items.length === 0 && (
        <Text size="sm" c="dimmed">
          No tokens yet.
        </Text>
      )}
    </Stack>
  );
}
