// TCPServer.py: a connection per sentence, answered in capitals.
import { TCP_SERVER_CASES } from '../tcp-server.js';
import { defineBattery, threeAnswersEach } from './battery.js';

export default defineBattery({
  name: 'tcp-server',
  program: 'TCPServer.py',
  kind: 'server',
  cases: TCP_SERVER_CASES,
  budgetMs: threeAnswersEach(TCP_SERVER_CASES),
});
