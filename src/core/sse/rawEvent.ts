/** One server-sent event as framed on the wire, before any Coze meaning is given to it. */
export interface RawSseEvent {
  id?: string | undefined;
  event?: string | undefined;
  data: string;
}
