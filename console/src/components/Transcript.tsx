import { Badge, Group, Paper, Stack, Text } from '@mantine/core';
import { intentLabel, percent, SENTIMENT_COLOR, time } from '../format';
import type { TranscriptEntry } from '../types';

const ROLE_LABEL = { customer: 'Customer', bot: 'Bot', agent: 'Agent' } as const;
const ROLE_COLOR = { customer: 'gray.0', bot: 'blue.0', agent: 'teal.0' } as const;

/** What the NLU made of a customer message: intent and confidence (or out of scope), and sentiment. */
function Annotations({ entry }: { entry: TranscriptEntry }) {
  const nlu = entry.nlu;
  if (nlu === undefined) return null;
  return (
    <Group gap={6} mt={6} aria-label="NLU annotations">
      {nlu.intent !== undefined && (
        <Badge size="sm" variant="light" color="violet" title="intent, with the classifier's confidence">
          {intentLabel(nlu.intent)} · {percent(nlu.confidence)}
        </Badge>
      )}
      {nlu.outOfScope === true && (
        <Badge size="sm" variant="light" color="yellow" title="below the out-of-scope threshold">
          out of scope{nlu.confidence === undefined ? '' : ` · ${percent(nlu.confidence)}`}
        </Badge>
      )}
      {nlu.sentiment !== undefined && (
        <Badge size="sm" variant="dot" color={SENTIMENT_COLOR[nlu.sentiment]} title="sentiment">
          {nlu.sentiment}
          {nlu.sentimentScore === undefined ? '' : ` · ${percent(nlu.sentimentScore)}`}
        </Badge>
      )}
    </Group>
  );
}

export function Transcript({ entries }: { entries: TranscriptEntry[] }) {
  if (entries.length === 0) return <Text c="dimmed">No messages stored for this conversation.</Text>;
  return (
    <Stack gap="xs" component="ol" aria-label="Transcript" p={0} m={0} className="transcript-list">
      {entries.map((entry) => (
        <Paper key={entry.id} component="li" className="transcript-line" data-role={entry.role} bg={ROLE_COLOR[entry.role]} p="sm" withBorder>
          <Group justify="space-between" gap="md" wrap="nowrap">
            <Text size="xs" fw={600}>
              {ROLE_LABEL[entry.role]}
            </Text>
            <Text size="xs" c="dimmed" component="time" dateTime={entry.timestamp}>
              {time(entry.timestamp)}
            </Text>
          </Group>
          <Text size="sm" className="pre-wrap">
            {entry.text}
          </Text>
          <Annotations entry={entry} />
        </Paper>
      ))}
    </Stack>
  );
}
