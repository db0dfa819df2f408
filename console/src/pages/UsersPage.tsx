import { Button, Group, Modal, PasswordInput, Select, Stack, Switch, Table, Text, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { api, errorMessage } from '../api';
import { ErrorAlert } from '../components/ErrorAlert';
import { dateTime } from '../format';
import { useApi, useSession } from '../session';
import type { Role, User } from '../types';

const ROLES: Array<{ value: Role; label: string }> = [
  { value: 'admin', label: 'Admin' },
  { value: 'agent', label: 'Agent' },
  { value: 'marketer', label: 'Marketer' },
];

function NewUserForm({ onDone }: { onDone: () => void }) {
  const [form, setForm] = useState({ email: '', displayName: '', role: 'agent' as Role, password: '' });
  const [error, setError] = useState<string | undefined>(undefined);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    try {
      await api('/users', { body: form });
      onDone();
    } catch (caught) {
      setError(errorMessage(caught));
    }
  };
  return (
    <form onSubmit={(e) => void submit(e)}>
      <Stack>
        <ErrorAlert error={error} />
        <TextInput label="E-mail" type="email" required value={form.email} onChange={(e) => setForm({ ...form, email: e.currentTarget.value })} />
        <TextInput label="Display name" description="Shown to colleagues, and to customers in agent replies" required value={form.displayName} onChange={(e) => setForm({ ...form, displayName: e.currentTarget.value })} />
        <Select label="Role" data={ROLES} value={form.role} allowDeselect={false} onChange={(v) => setForm({ ...form, role: (v ?? 'agent') as Role })} />
        <PasswordInput label="Initial password" description="At least 12 characters; ask them to change it" required value={form.password} onChange={(e) => setForm({ ...form, password: e.currentTarget.value })} />
        <Button type="submit">Create user</Button>
      </Stack>
    </form>
  );
}

function ResetPassword({ user, onDone }: { user: User; onDone: () => void }) {
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | undefined>(undefined);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    try {
      await api(`/users/${encodeURIComponent(user.id)}/password`, { body: { password } });
      onDone();
    } catch (caught) {
      setError(errorMessage(caught));
    }
  };
  return (
    <form onSubmit={(e) => void submit(e)}>
      <Stack>
        <Text size="sm">Their sessions end; they sign in again with the new password.</Text>
        <ErrorAlert error={error} />
        <PasswordInput label="New password" required value={password} onChange={(e) => setPassword(e.currentTarget.value)} />
        <Button type="submit">Set password</Button>
      </Stack>
    </form>
  );
}

export function UsersPage() {
  const { session } = useSession();
  const users = useApi(() => api<{ items: User[] }>('/users?limit=200'), []);
  const [creating, setCreating] = useState(false);
  const [resetting, setResetting] = useState<User | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);
  const change = async (user: User, body: { role?: Role; disabled?: boolean }) => {
    setError(undefined);
    try {
      await api(`/users/${encodeURIComponent(user.id)}`, { body });
    } catch (caught) {
      setError(errorMessage(caught));
    }
    users.reload();
  };
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>Users</Title>
        <Button onClick={() => setCreating(true)}>New user</Button>
      </Group>
      <ErrorAlert error={error ?? users.error} />
      <Table.ScrollContainer minWidth={640}>
        <Table verticalSpacing="sm">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>User</Table.Th>
              <Table.Th>Role</Table.Th>
              <Table.Th>Enabled</Table.Th>
              <Table.Th>Last sign-in</Table.Th>
              <Table.Th>
                <span className="visually-hidden">Actions</span>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(users.data?.items ?? []).map((u) => (
              <Table.Tr key={u.id}>
                <Table.Td>
                  <Text size="sm" fw={500}>
                    {u.displayName}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {u.email}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Select aria-label={`Role of ${u.email}`} size="xs" w={130} data={ROLES} value={u.role} allowDeselect={false} onChange={(v) => v !== null && v !== u.role && void change(u, { role: v as Role })} />
                </Table.Td>
                <Table.Td>
                  <Switch aria-label={`${u.email} enabled`} checked={!u.disabled} disabled={u.id === session?.user.id} onChange={(e) => void change(u, { disabled: !e.currentTarget.checked })} />
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{u.lastLoginAt === undefined ? 'never' : dateTime(u.lastLoginAt)}</Text>
                </Table.Td>
                <Table.Td>
                  <Button size="xs" variant="default" onClick={() => setResetting(u)}>
                    Reset password
                  </Button>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Modal opened={creating} onClose={() => setCreating(false)} title="New user">
        <NewUserForm
          onDone={() => {
            setCreating(false);
            users.reload();
          }}
        />
      </Modal>
      <Modal opened={resetting !== undefined} onClose={() => setResetting(undefined)} title={`Reset the password of ${resetting?.email ?? ''}`}>
        {resetting !== undefined && <ResetPassword user={resetting} onDone={() => setResetting(undefined)} />}
      </Modal>
    </Stack>
  );
}
