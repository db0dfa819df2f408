import { Alert, Anchor, Badge, Button, Card, Grid, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router';
import { api } from '../api';
import { CustomerPanel } from '../components/CustomerPanel';
import { Notes, Tags } from '../components/NotesAndTags';
import { Transcript } from '../components/Transcript';
import { dateTime, duration, STATUS_COLOR, STATUS_LABEL } from '../format';
import { useApi, useSession } from '../session';
import type { Conversation, ConversationView, TranscriptEntry } from '../types';

export function ConversationPage() {
  const { id = '' } = useParams();
  const { can } = useSession();
  const view = useApi(() => api<ConversationView>(`/conversations/${encodeURIComponent(id)}`), [id]);
  const [conversation, setConversation] = useState<Conversation | undefined>(undefined);
  const [older, setOlder] = useState<{ items: TranscriptEntry[]; cursor: string | null }>({ items: [], cursor: null });

  useEffect(() => {
    setConversation(view.data?.conversation);
    setOlder({ items: [], cursor: view.data?.transcript.nextCursor ?? null });
  }, [view.data]);

  if (view.error !== undefined) {
    return (
      <Alert color="red" role="alert" title="This conversation could not be loaded">
        {view.error} <Anchor component={Link} to="/">Back to the inbox</Anchor>
      </Alert>
    );
  }
  if (view.data === undefined || conversation === undefined) return <Loader aria-label="Loading the conversation" />;
  const data = view.data;
  const loadMore = async () => {
    if (older.cursor === null) return;
    const page = await api<{ items: TranscriptEntry[]; nextCursor: string | null }>(`/conversations/${encodeURIComponent(id)}/transcript?cursor=${encodeURIComponent(older.cursor)}`);
    setOlder((state) => ({ items: [...state.items, ...page.items], cursor: page.nextCursor }));
  };

  return (
    <Stack gap="md">
      <Anchor component={Link} to="/" size="sm">
        ← Inbox
      </Anchor>
      <Group justify="space-between" align="flex-start">
        <div>
          <Title order={2}>Conversation with {conversation.customerId ?? 'a guest'}</Title>
          <Text size="sm" c="dimmed">
            {conversation.channel} · started {dateTime(conversation.createdAt)} · last activity {duration(conversation.updatedAt, data.serverTime)} ago
            {conversation.assignedAgent === undefined ? '' : ` · assigned to ${conversation.assignedAgent}`}
          </Text>
        </div>
        <Button variant="default" size="xs" onClick={view.reload}>
          Refresh
        </Button>
      </Group>
      <Group gap="xs">
        <Badge color={STATUS_COLOR[conversation.status]} size="lg" variant="light">
          {STATUS_LABEL[conversation.status]}
        </Badge>
        {data.handoffReasons.map((reason) => (
          <Badge key={reason} color="orange" size="lg" variant="outline">
            handed over: {reason.replaceAll('_', ' ')}
          </Badge>
        ))}
      </Group>
      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 7, lg: 8 }}>
          <Card withBorder component="section" aria-labelledby="transcript-title">
            <Title order={3} size="h5" id="transcript-title" mb="sm">
              Transcript
            </Title>
            <Transcript entries={[...data.transcript.items, ...older.items]} />
            {older.cursor !== null && (
              <Button variant="default" size="xs" mt="sm" onClick={() => void loadMore()}>
                Show later messages
              </Button>
            )}
          </Card>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 5, lg: 4 }}>
          <Stack gap="md">
            {can('customers:read') && <CustomerPanel conversationId={conversation.id} />}
            <Tags conversation={conversation} onChange={setConversation} />
            <Notes conversationId={conversation.id} />
          </Stack>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
