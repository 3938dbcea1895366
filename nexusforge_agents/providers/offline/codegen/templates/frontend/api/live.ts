
// Live updates from /ws/updates: every create, update and delete, reconnecting after a dropped connection.
export interface LiveUpdate {
  event: "created" | "updated" | "deleted";
  entity: string;
  data: http.Row;
}

export function subscribeUpdates(
  onUpdate: (update: LiveUpdate) => void,
  onStatus?: (connected: boolean) => void,
): () => void {
  let socket: WebSocket | null = null;
  let stopped = false;
  let retry: number | undefined;
  const connect = () => {
    const scheme = window.location.protocol === "https:" ? "wss" : "ws";
    socket = new WebSocket(`${scheme}://${window.location.host}/ws/updates`);
    socket.onopen = () => onStatus?.(true);
    socket.onmessage = (message: MessageEvent<string>) => onUpdate(JSON.parse(message.data) as LiveUpdate);
    socket.onclose = () => {
      onStatus?.(false);
      if (!stopped) retry = window.setTimeout(connect, 2000);
    };
  };
  connect();
  return () => {
    stopped = true;
    window.clearTimeout(retry);
    socket?.close();
  };
}
