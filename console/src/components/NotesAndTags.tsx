import { Badge, Button, Card, CloseButton, Group, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { api, errorMessage } from '../api';
import { ErrorAlert } from './ErrorAlert';
import { dateTime } from '../format';
import { useApi, useSession } from '../session';
import type { Conversation, Note } from '../types';

export function Tags({ conversation, onChange }: { conversation: Conversation; onChange: (c: Conversation) => void }) {
  const { can } = useSession();
  const [tag, setTag] = useState('');
  const [error, setError] = useState<string | undefined>(undefined);
  const editable = can('conversations:annotate');
  const change = async (body: { add?: string[]; remove?: string[] }) => {
    setError(undefined);
    try {
      const result = await api<{ conversation: Conversation }>(`/conversations/${encodeURIComponent(conversation.id)}/tags`, { body });
      onChange(result.conversation);
      setTag('');
    } catch (caught) {
      setError(errorMessage(caught));
    }
  };
  return (
    <Card withBorder component="section" aria-labelledby="tags-title">
      <Title order={3} size="h5" id="tags-title" mb="xs">
        Tags
      </Title>
      <Group gap={6} mb="xs">
        {conversation.tags.length === 0 && (
          <Text size="sm" c="dimmed">
            No tags.
          </Text>
        )}
        {conversation.tags.map((t) => {
          const system = t.includes(':');
          return (
            <Badge key={t} variant="light" tt="none" color={system ? 'orange' : 'blue'} rightSection={editable && !system ? <CloseButton size="xs" aria-label={`Remove tag ${t}`} onClick={() => void change({ remove: [t] })} /> : undefined}>
              {t}
            </Badge>
          );
        })}
      </Group>
      {editable && (
        <form
          onSubmit={(e: FormEvent) => {
            e.preventDefault();
            if (tag.trim() !== '') void change({ add: [tag.trim()] });
          }}
        >
          <Group gap="xs" align="flex-end">
            <TextInput label="New tag" size="xs" value={tag} onChange={(e) => setTag(e.currentTarget.value)} maxLength={40} />
            <Button type="submit" size="xs" variant="light">
              Add
            </Button>
          </Group>
        </form>
      )}
      <ErrorAlert error={error} />
    </Card>
  );
}

export function Notes({ conversationId }: { conversationId: string }) {
  const { can } = useSession();
  const notes = useApi(() => api<{ items: Note[] }>(`/conversations/${encodeURIComponent(conversationId)}/notes`), [conversationId]);
  const [text, setText] = useState('');
  const [error, setError] = useState<string | undefined>(undefined);
  const add = async (event: FormEvent) => {
    event.preventDefault();
    setError(undefined);
    try {
      await api(`/conversations/${encodeURIComponent(conversationId)}/notes`, { body: { text } });
      setText('');
      notes.reload();
    } catch (caught) {
      setError(errorMessage(caught));
    }
  };
  return (
    <Card withBorder component="section" aria-labelledby="notes-title">
      <Title order={3} size="h5" id="notes-title" mb="xs">
        Internal notes
      </Title>
      <Stack gap="xs">
        {(notes.data?.items ?? []).map((n) => (
          <div key={n.id}>
            <Text size="sm" className="pre-wrap">
              {n.text}
            </Text>
            <Text size="xs" c="dimmed">
              {n.authorName} · {dateTime(n.createdAt)}
            </Text>
          </div>
        ))}
        {notes.data?.items.length === 0 && (
          <Text size="sm" c="dimmed">
            No notes. Customers never see them.
          </Text>
        )}
        {can('conversations:annotate') && (
          <form onSubmit={(e) => void add(e)}>
            <Textarea label="Add a note" description="Visible to your team only" autosize minRows={2} maxLength={4000} value={text} onChange={(e) => setText(e.currentTarget.value)} />
            <Button type="submit" size="xs" mt="xs" disabled={text.trim() === ''}>
              Save note
            </Button>
          </form>
        )}
        <ErrorAlert error={error} />
      </Stack>
    </Card>
  );
}
