//! Crisp-style commands (`Convot.push([...])`) turned into widget actions. Pure: no I/O here.
import type { Command, IdentifyPayload } from './types';

export type Action =
  /** `["identify", payload]`: one identify call with exactly that payload. */
  | { kind: 'identify'; payload: IdentifyPayload }
  /** `["set", "user:…" | "session:data", args]`: fields that consecutive sets merge into one identify. */
  | { kind: 'set'; fields: IdentifyPayload }
  /** `["do", "message:send", [text]]` (also Crisp's `["text", text]`). */
  | { kind: 'message'; content: string }
  | { kind: 'invalid'; reason: string };

type CustomData = NonNullable<IdentifyPayload['custom_data']>;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function invalid(reason: string): Action {
  return { kind: 'invalid', reason };
}

/** Crisp wants the arguments in an array; a bare value is accepted too. */
function argsOf(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [value];
}

function setString(field: 'email' | 'name' | 'phone' | 'company' | 'avatar_url', args: readonly unknown[], what: string): Action {
  const value = args[0];
  if (typeof value !== 'string') return invalid(`${what} expects a string`);
  const fields: IdentifyPayload = { [field]: value };
  // Crisp's `["set", "user:email", [email, signature]]`: the signature is our user_hash.
  if (field === 'email' && typeof args[1] === 'string' && args[1] !== '') fields.user_hash = args[1];
  return { kind: 'set', fields };
}

/**
 * `session:data` args: `[[["key", value], ...]]` (Crisp's list of pairs), `["key", value]` or
 * `[["key", value]]` (one pair), or `[{key: value}]`.
 */
export function sessionData(args: readonly unknown[]): CustomData | undefined {
  const first = args[0];
  let pairs: readonly unknown[];
  if (typeof first === 'string') pairs = [args];
  else if (isRecord(first)) pairs = Object.keys(first).map((key) => [key, first[key]]);
  else if (Array.isArray(first) && typeof first[0] === 'string') pairs = [first];
  else if (Array.isArray(first)) pairs = first;
  else return undefined;

  const data: CustomData = {};
  for (const pair of pairs) {
    if (!Array.isArray(pair) || typeof pair[0] !== 'string') return undefined;
    const value: unknown = pair[1];
    if (value !== null && !['string', 'number', 'boolean'].includes(typeof value)) return undefined;
    data[pair[0]] = value as CustomData[string];
  }
  return data;
}

export function parseCommand(command: unknown): Action {
  if (!Array.isArray(command) || typeof command[0] !== 'string') {
    return invalid('a command is an array such as ["set", "user:email", ["ada@example.com"]]');
  }
  const [verb, target] = command as Command;
  if (verb === 'identify') {
    return isRecord(target) ? { kind: 'identify', payload: target as IdentifyPayload } : invalid('identify expects an object');
  }
  const args = argsOf(command[2]);
  if (verb === 'set') {
    switch (target) {
      case 'user:email':
        return setString('email', args, 'user:email');
      case 'user:nickname':
        return setString('name', args, 'user:nickname');
      case 'user:phone':
        return setString('phone', args, 'user:phone');
      case 'user:company':
        // Crisp passes `[name, {url, description, …}]`: only the name is kept.
        return setString('company', args, 'user:company');
      case 'user:avatar':
        return setString('avatar_url', args, 'user:avatar');
      case 'session:data': {
        const data = sessionData(args);
        return data ? { kind: 'set', fields: { custom_data: data } } : invalid('session:data expects [[["key", value], ...]]');
      }
      default:
        return invalid(`unsupported set target ${JSON.stringify(target)}`);
    }
  }
  if (verb === 'do' && target === 'message:send') {
    const content = args.length >= 2 && args[0] === 'text' ? args[1] : args[0];
    return typeof content === 'string' ? { kind: 'message', content } : invalid('message:send expects [text]');
  }
  return invalid(`unsupported command ${JSON.stringify([verb, target])}`);
}

/** Merges consecutive `set` fields; later values win, `custom_data` keys merge. */
export function mergeFields(into: IdentifyPayload, fields: IdentifyPayload): IdentifyPayload {
  const merged: IdentifyPayload = { ...into, ...fields };
  if (into.custom_data && fields.custom_data) merged.custom_data = { ...into.custom_data, ...fields.custom_data };
  return merged;
}
