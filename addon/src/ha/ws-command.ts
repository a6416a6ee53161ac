/**
 * A raw WebSocket command with a result (`lovelace/resources`, …), for the few features the
 * HaClient port does not cover. Failures are values (STYLE.md P12): HA's error code and
 * message, or our own `not_connected` / `timeout` / `connection_lost`.
 */
export type WsCommandResult =
  | { readonly ok: true; readonly result: unknown }
  | { readonly ok: false; readonly code: string; readonly message: string };

export interface WsCommandMessage {
  readonly type: string;
  readonly [field: string]: unknown;
}

/** Port: sends one command (the client adds the `id`) and resolves with its result. Never rejects. */
export interface WsCommandPort {
  sendCommand(msg: WsCommandMessage): Promise<WsCommandResult>;
}
