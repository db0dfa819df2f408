import { Badge, Button, Group, Highlight, Loader, Select, Stack, Table, Tabs, Text, TextInput, Title, VisuallyHidden } from '@mantine/core';
import { useEffect, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { api, query } from '../api';
import { ErrorAlert } from '../components/ErrorAlert';
import { duration, intentLabel, percent, SENTIMENT_COLOR, STATUS_COLOR, STATUS_LABEL, STATUS_SHORT } from '../format';
import { useApi } from '../session';
import type { ConversationStatus, InboxItem, InboxPage as InboxPageData, InboxSummary, Sentiment } from '../types';

const REFRESH_MS = 15_000;
const TABS: Array<{ value: ConversationStatus | 'all'; label: string }> = [
  { value: 'pending', label: 'Pending' },
  { value: 'agent', label: 'With agent' },
  { value: 'bot', label: 'Bot' },
  { value: 'closed', label: 'Closed' },
  { value: 'all', label: 'All' },
];
const FILTERS = ['status', 'q', 'intent', 'sentiment', 'tag', 'channel', 'from', 'until'] as const;
type Filter = (typeof FILTERS)[number];

function endOfDay(date: string): string | undefined {
  return date === '' ? undefined : new Date(Date.parse(`${date}T00:00:00`) + 86_400_000).toISOString();
}

function Row({ item, serverTime, words }: { item: InboxItem; serverTime: string; words: string[] }) {
  const navigate = useNavigate();
  const c = item.conversation;
  const href = `/conversations/${encodeURIComponent(c.id)}`;
  const who = item.customerName ?? c.customerId ?? 'Guest';
  const shown = item.match ?? item.lastMessage;
  return (
    <Table.Tr className="inbox-row" onClick={() => void navigate(href)}>
      <Table.Td>
        <Link to={href} onClick={(e) => e.stopPropagation()}>
          {who}
        </Link>
        <Text size="xs" c="dimmed">
          {c.channel} · {item.messageCount} messages
        </Text>
      </Table.Td>
      <Table.Td className="status-cell">
        <Badge color={STATUS_COLOR[c.status]} variant="light" title={STATUS_LABEL[c.status]}>
          {STATUS_SHORT[c.status]}
        </Badge>
      </Table.Td>
      <Table.Td>
        <Text size="sm">{c.status === 'pending' ? `waiting ${duration(c.updatedAt, serverTime)}` : `${duration(c.updatedAt, serverTime)} ago`}</Text>
      </Table.Td>
      <Table.Td maw={360}>
        {shown === undefined ? (
          <Text size="sm" c="dimmed">
            no messages
          </Text>
        ) : (
          <Highlight size="sm" className="clamp-2" highlight={words}>
            {`${shown.role === 'customer' ? '' : `${shown.role}: `}${shown.text}`}
          </Highlight>
        )}
      </Table.Td>
      <Table.Td visibleFrom="md">
        {item.lastNlu?.intent !== undefined ? (
          <Text size="sm">
            {intentLabel(item.lastNlu.intent)} <Text span c="dimmed" size="xs">{percent(item.lastNlu.confidence)}</Text>
          </Text>
        ) : item.lastNlu?.outOfScope === true ? (
          <Text size="sm" c="dimmed">
            not understood
          </Text>
        ) : null}
        {item.lastNlu?.sentiment !== undefined && (
          <Badge size="xs" color={SENTIMENT_COLOR[item.lastNlu.sentiment]} variant="dot">
            {item.lastNlu.sentiment}
          </Badge>
        )}
      </Table.Td>
      <Table.Td visibleFrom="lg">
        <Group gap={4}>
          {c.tags.map((t) => (
            <Badge key={t} size="sm" variant="outline" tt="none" maw="100%" color={t.startsWith('handoff:') ? 'orange' : 'gray'}>
              {t}
            </Badge>
          ))}
        </Group>
      </Table.Td>
    </Table.Tr>
  );
}

export function InboxPage() {
  const [params, setParams] = useSearchParams();
  const filter = (name: Filter): string => params.get(name) ?? (name === 'status' ? 'pending' : '');
  const setFilter = (name: Filter, value: string | null) => {
    const next = new URLSearchParams(params);
    if (value === null || value === '' || (name === 'status' && value === 'pending')) next.delete(name);
    else next.set(name, value);
    setParams(next, { replace: true });
  };
  const [search, setSearch] = useState(filter('q'));
  const [more, setMore] = useState<InboxItem[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const status = filter('status');
  const apiQuery = query({
    status: status === 'all' ? undefined : status,
    q: filter('q'),
    intent: filter('intent'),
    sentiment: filter('sentiment'),
    tag: filter('tag'),
    channel: filter('channel'),
    from: filter('from') === '' ? undefined : new Date(`${filter('from')}T00:00:00`).toISOString(),
    until: endOfDay(filter('until')),
  });
  const summary = useApi(() => api<InboxSummary>('/inbox/summary'), []);
  const inbox = useApi(() => api<InboxPageData>(`/inbox${apiQuery}`), [apiQuery]);
  const { reload: reloadInbox } = inbox;
  const { reload: reloadSummary } = summary;

  useEffect(() => {
    setMore([]);
    setCursor(inbox.data?.nextCursor ?? null);
  }, [inbox.data]);
  useEffect(() => {
    const timer = window.setInterval(() => {
      reloadInbox();
      reloadSummary();
    }, REFRESH_MS);
    return () => window.clearInterval(timer);
  }, [reloadInbox, reloadSummary]);

  const loadMore = async () => {
    if (cursor === null) return;
    const page = await api<InboxPageData>(`/inbox${apiQuery}${apiQuery === '' ? '?' : '&'}cursor=${encodeURIComponent(cursor)}`);
    setMore((items) => [...items, ...page.items]);
    setCursor(page.nextCursor);
  };

  const facets = summary.data?.facets;
  const counts = summary.data?.counts;
  const items = [...(inbox.data?.items ?? []), ...more];
  const words = filter('q').split(/\s+/).filter((w) => w !== '');
  const anyFilter = FILTERS.some((name) => name !== 'status' && filter(name) !== '');

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end">
        <Title order={2}>Inbox</Title>
        <Group gap="xs">
          <Text size="xs" c="dimmed" aria-live="polite">
            {inbox.loading ? 'Refreshing…' : inbox.data === undefined ? '' : `Updated ${new Date(inbox.data.serverTime).toLocaleTimeString()}`}
          </Text>
          <Button
            variant="default"
            size="xs"
            onClick={() => {
              reloadInbox();
              reloadSummary();
            }}
          >
            Refresh
          </Button>
        </Group>
      </Group>

      <Tabs value={status} onChange={(value) => setFilter('status', value)}>
        <Tabs.List aria-label="Conversation status">
          {TABS.map((tab) => (
            <Tabs.Tab key={tab.value} value={tab.value} rightSection={tab.value !== 'all' && counts !== undefined ? <Badge size="sm" variant={tab.value === 'pending' && counts.pending > 0 ? 'filled' : 'light'} color={tab.value === 'pending' ? 'orange' : 'gray'}>{counts[tab.value]}</Badge> : undefined}>
              {tab.label}
            </Tabs.Tab>
          ))}
        </Tabs.List>
      </Tabs>

      <form
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          setFilter('q', search.trim());
        }}
      >
        <Group gap="sm" align="flex-end" wrap="wrap">
          <TextInput label="Search transcripts" placeholder="words in any message" value={search} onChange={(e) => setSearch(e.currentTarget.value)} w={240} />
          <Button type="submit" variant="light">
            Search
          </Button>
          <Select label="Intent" placeholder="any" clearable searchable data={(facets?.intents ?? []).map((i) => ({ value: i, label: intentLabel(i) }))} value={filter('intent') || null} onChange={(v) => setFilter('intent', v)} w={190} />
          <Select label="Sentiment" placeholder="any" clearable data={['negative', 'neutral', 'positive'] satisfies Sentiment[]} value={filter('sentiment') || null} onChange={(v) => setFilter('sentiment', v)} w={130} />
          <Select label="Tag" placeholder="any" clearable searchable data={facets?.tags ?? []} value={filter('tag') || null} onChange={(v) => setFilter('tag', v)} w={200} />
          <Select label="Channel" placeholder="any" clearable data={facets?.channels ?? []} value={filter('channel') || null} onChange={(v) => setFilter('channel', v)} w={130} />
          <TextInput label="Active from" type="date" value={filter('from')} onChange={(e) => setFilter('from', e.currentTarget.value)} w={150} />
          <TextInput label="Active until" type="date" value={filter('until')} onChange={(e) => setFilter('until', e.currentTarget.value)} w={150} />
          {anyFilter && (
            <Button
              variant="subtle"
              onClick={() => {
                setSearch('');
                setParams(status === 'pending' ? {} : { status }, { replace: true });
              }}
            >
              Clear filters
            </Button>
          )}
        </Group>
      </form>

      <ErrorAlert error={inbox.error} title="The inbox could not be loaded" />
      {inbox.data === undefined && inbox.loading ? (
        <Loader aria-label="Loading conversations" />
      ) : items.length === 0 ? (
        <Text c="dimmed">No conversations match.</Text>
      ) : (
        <Table.ScrollContainer minWidth={560}>
          <Table highlightOnHover verticalSpacing="sm">
            <caption>
              <VisuallyHidden>Conversations{status === 'pending' ? ', longest waiting first' : ', newest activity first'}</VisuallyHidden>
            </caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Customer</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th>{status === 'pending' ? 'Waiting' : 'Last activity'}</Table.Th>
                <Table.Th>{words.length > 0 ? 'Matching message' : 'Last message'}</Table.Th>
                <Table.Th visibleFrom="md">Intent, sentiment</Table.Th>
                <Table.Th visibleFrom="lg">Tags</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((item) => (
                <Row key={item.conversation.id} item={item} serverTime={inbox.data?.serverTime ?? new Date().toISOString()} words={words} />
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {cursor !== null && (
        <Button variant="default" onClick={() => void loadMore()} w="fit-content">
          Load more
        </Button>
      )}
    </Stack>
  );
}
