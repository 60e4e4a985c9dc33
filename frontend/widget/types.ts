//! Public shapes of the widget snippet: what a host page passes in and gets back.

/** Fields `POST /api/v1/widget/identify` accepts (unknown fields are rejected with 422). */
export type IdentifyPayload = {
  email?: string;
  external_id?: string;
  name?: string;
  company?: string;
  phone?: string;
  avatar_url?: string;
  user_hash?: string;
  /** Flat object; `null` deletes a key (verified calls only). */
  custom_data?: Record<string, string | number | boolean | null>;
  shop?: string;
  shop_hash?: string;
  /** IANA name; the widget fills in the browser's own when left out. */
  time_zone?: string;
};

export type IdentifyResult = { verified: boolean };
export type HeartbeatPayload = { visible: boolean; active: boolean };
export type MessageResult = { conversation_id: string; message_id: number };

/** A Crisp-style command, e.g. `["set", "user:email", ["ada@example.com"]]`. */
export type Command = readonly unknown[];

/** What the host page sets before loading the script. */
export type ConvotConfig = {
  app_id?: string;
  q?: Command[];
};

/** What `window.Convot` becomes once the script has run. */
export type ConvotApi = {
  readonly app_id: string;
  readonly version: string;
  identify(payload: IdentifyPayload): Promise<IdentifyResult>;
  message(content: string): Promise<MessageResult>;
  /** Runs Crisp-style commands; never throws, failures are logged. */
  push(...commands: Command[]): void;
  /** The host's original queue; pushing onto it after load runs the command. */
  q: Command[];
};

declare global {
  interface Window {
    Convot?: ConvotConfig | ConvotApi;
  }
}
