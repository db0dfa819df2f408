import { Button, Code, Group, Select, Stack, Table, Text, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { api, query } from '../api';
import { ErrorAlert } from '../components/ErrorAlert';
import { dateTime } from '../format';
import { useApi } from '../session';
import type { AuditEntry } from '../types';

const ACTIONS = ['claimed', 'replied', 'transferred', 'released', 'closed', 'exported', 'deleted', 'note_added', 'tags_changed', 'user_created', 'user_updated', 'password_reset', 'token_created', 'token_revoked'];

interface AuditPageData {
  items: AuditEntry[];
  nextCursor: string | null;
}

export function AuditPage() {
  const [action, setAction] = useState<string | null>(null);
  const first = useApi(() => api<AuditPageData>(`/audit${query({ action, limit: '50' })}`), [action]);
  const [more, setMore] = useState<AuditEntry[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  useEffect(() => {
    setMore([]);
    setCursor(first.data?.nextCursor ?? null);
  }, [first.data]);
  const loadMore = async () => {
    if (cursor === null) return;
    const page = await api<AuditPageData>(`/audit${query({ action, limit: '50', cursor })}`);
    setMore((items) => [...items, ...page.items]);
    setCursor(page.nextCursor);
  };
  const items = [...(first.data?.items ?? []), ...more];
  return (
    <Stack>
      <Group justify="space-between" align="flex-end">
        <Title order={2}>Audit log</Title>
        <Select label="Action" placeholder="all actions" clearable data={ACTIONS} value={action} onChange={setAction} w={200} />
      </Group>
      <ErrorAlert error={first.error} />
      <Table.ScrollContainer minWidth={640}>
        <Table verticalSpacing="xs">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>When</Table.Th>
              <Table.Th>Who</Table.Th>
              <Table.Th>Action</Table.Th>
              <Table.Th>Target</Table.Th>
              <Table.Th>Details</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((e) => (
              <Table.Tr key={e.id}>
                <Table.Td>{dateTime(e.at)}</Table.Td>
                <Table.Td>{e.actorEmail}</Table.Td>
                <Table.Td>{e.action.replaceAll('_', ' ')}</Table.Td>
                <Table.Td>
                  <Text size="xs" c="dimmed">
                    {e.targetType}
                  </Text>
                  <Code>{e.targetId}</Code>
                </Table.Td>
                <Table.Td>
                  <Text size="xs">
                    {Object.entries(e.details ?? {})
                      .map(([k, v]) => `${k}: ${String(v)}`)
                      .join(' · ')}
                  </Text>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {items.length === 0 && !first.loading && <Text c="dimmed">Nothing recorded yet.</Text>}
      {cursor !== null && (
        <Button variant="default" onClick={() => void loadMore()} w="fit-content">
          Load more
        </Button>
      )}
    </Stack>
  );
}
