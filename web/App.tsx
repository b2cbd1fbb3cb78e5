import { useLabState } from './lab/react.js';

export function App() {
  const connection = useLabState((s) => s.connection);
  const servers = useLabState((s) => s.servers);
  return (
    <main>
      <h1>Socket Lab</h1>
      <p data-testid="connection">{connection.status}</p>
      <ul>
        {servers.map((s) => (
          <li key={s.name}>
            {s.name} {s.proto} {s.port} {s.state}
          </li>
        ))}
      </ul>
    </main>
  );
}
