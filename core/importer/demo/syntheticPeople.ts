import { createHash } from 'node:crypto';

/**
 * Plausible, made-up names and emails for the demo customers (the UCI data has neither). Deterministic: the same
 * customer id always gets the same person. Emails use example.com, a domain reserved for documentation.
 */

const FIRST_NAMES = [
  'Olivia', 'Amelia', 'Isla', 'Ava', 'Mia', 'Grace', 'Freya', 'Lily', 'Emily', 'Sophie', 'Ella', 'Ruby', 'Chloe', 'Hannah',
  'Lucy', 'Alice', 'Maya', 'Zara', 'Priya', 'Aisha', 'Ingrid', 'Sigrid', 'Elodie', 'Camille', 'Lena', 'Sofia', 'Chiara',
  'Noah', 'Oliver', 'George', 'Harry', 'Jack', 'Leo', 'Oscar', 'Arthur', 'Thomas', 'James', 'Samuel', 'Daniel', 'Ethan',
  'Adam', 'Ravi', 'Omar', 'Yusuf', 'Mateo', 'Lucas', 'Hugo', 'Jonas', 'Lars', 'Matteo', 'Finn', 'Owen', 'Rhys', 'Callum',
] as const;

const LAST_NAMES = [
  'Smith', 'Jones', 'Taylor', 'Brown', 'Williams', 'Wilson', 'Johnson', 'Davies', 'Patel', 'Robinson', 'Wright', 'Thompson',
  'Evans', 'Walker', 'White', 'Roberts', 'Green', 'Hall', 'Wood', 'Jackson', 'Clarke', 'Hughes', 'Edwards', 'Turner',
  'Khan', 'Shah', 'Murphy', 'Kelly', 'Byrne', 'Martin', 'Dubois', 'Laurent', 'Moreau', 'Müller', 'Schmidt', 'Weber',
  'Jansen', 'de Vries', 'Rossi', 'Russo', 'García', 'Fernández', 'Silva', 'Santos', 'Olsen', 'Hansen', 'Nilsson', 'Berg',
] as const;

export interface SyntheticPerson {
  name: string;
  email: string;
}

function pick<T>(list: readonly T[], seed: Buffer, offset: number): T {
  return list[seed.readUInt32BE(offset) % list.length] as T;
}

/** "Müller" → "muller", "de Vries" → "devries": the local part of an email address. */
function emailPart(name: string): string {
  return name.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z]/g, '');
}

/** One person per customer id; emails made unique within the call with a number (olivia.smith2@example.com). */
export function syntheticPeople(customerIds: readonly string[]): Map<string, SyntheticPerson> {
  const people = new Map<string, SyntheticPerson>();
  const taken = new Map<string, number>();
  for (const id of customerIds) {
    const seed = createHash('sha256').update(`demo-person:${id}`).digest();
    const first = pick(FIRST_NAMES, seed, 0);
    const last = pick(LAST_NAMES, seed, 4);
    const local = `${emailPart(first)}.${emailPart(last)}`;
    const seen = (taken.get(local) ?? 0) + 1;
    taken.set(local, seen);
    people.set(id, { name: `${first} ${last}`, email: `${local}${seen === 1 ? '' : seen}@example.com` });
  }
  return people;
}
