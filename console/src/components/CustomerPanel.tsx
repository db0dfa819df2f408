import { Anchor, Badge, Card, Divider, Group, Loader, Stack, Table, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import { api } from '../api';
import { ErrorAlert } from './ErrorAlert';
import { dateTime, STATUS_LABEL } from '../format';
import { useApi } from '../session';
import type { CustomerPanelData } from '../types';

export function CustomerPanel({ conversationId }: { conversationId: string }) {
  const panel = useApi(() => api<CustomerPanelData>(`/conversations/${encodeURIComponent(conversationId)}/customer`), [conversationId]);
  const data = panel.data;
  return (
    <Card withBorder component="section" aria-labelledby="customer-title">
      <Title order={3} size="h5" id="customer-title" mb="xs">
        Customer
      </Title>
      <ErrorAlert error={panel.error} />
      {data === undefined ? (
        panel.loading && <Loader size="sm" aria-label="Loading the customer" />
      ) : data.customer === null ? (
        <Text size="sm" c="dimmed">
          A guest: the shop did not identify this customer.
        </Text>
      ) : (
        <Stack gap="sm">
          <div>
            <Text fw={600}>{data.customer.name ?? data.customer.id}</Text>
            <Text size="sm" c="dimmed">
              {[data.customer.email, data.customer.country, data.customer.locale].filter(Boolean).join(' · ')}
            </Text>
            <Text size="xs" c="dimmed">
              customer since {dateTime(data.customer.createdAt)} · id {data.customer.id}
            </Text>
          </div>
          <Divider label="Recent orders" labelPosition="left" />
          {data.orders.length === 0 ? (
            <Text size="sm" c="dimmed">
              No orders.
            </Text>
          ) : (
            <Table fz="sm" verticalSpacing={4}>
              <Table.Tbody>
                {data.orders.map((o) => (
                  <Table.Tr key={o.id}>
                    <Table.Td>
                      <Text size="sm" fw={500}>
                        {o.id}
                      </Text>
                      <Text size="xs" c="dimmed" lineClamp={1}>
                        {o.lines.map((l) => `${l.quantity}× ${o.titles[l.productId] ?? l.productId}`).join(', ')}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Badge size="xs" variant="light">
                        {o.status}
                      </Badge>
                      <Text size="xs" c="dimmed">
                        {new Date(o.placedAt).toLocaleDateString()}
                      </Text>
                    </Table.Td>
                    <Table.Td ta="right">
                      {o.total.toFixed(2)} {o.currency}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
          <Divider label="Recent interactions" labelPosition="left" />
          {data.interactions.length === 0 ? (
            <Text size="sm" c="dimmed">
              No interactions.
            </Text>
          ) : (
            <Stack gap={2}>
              {data.interactions.map((i) => (
                <Text key={i.id} size="xs">
                  <Text span fw={500}>
                    {i.kind}
                  </Text>{' '}
                  {i.title ?? i.productId} <Text span c="dimmed">· {new Date(i.timestamp).toLocaleDateString()}</Text>
                </Text>
              ))}
            </Stack>
          )}
          {data.conversations.length > 0 && (
            <>
              <Divider label="Other conversations" labelPosition="left" />
              {data.conversations.map((c) => (
                <Group key={c.id} gap="xs">
                  <Anchor component={Link} to={`/conversations/${encodeURIComponent(c.id)}`} size="sm">
                    {dateTime(c.updatedAt)}
                  </Anchor>
                  <Text size="xs" c="dimmed">
                    {STATUS_LABEL[c.status]} · {c.channel}
                  </Text>
                </Group>
              ))}
            </>
          )}
        </Stack>
      )}
      {data !== undefined && (
        <>
          <Divider label="Suggestions the bot showed" labelPosition="left" my="sm" />
          <Text size="sm" c="dimmed">
            {data.suggestions.message}
          </Text>
        </>
      )}
    </Card>
  );
}
