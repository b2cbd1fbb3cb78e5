// TCPClient.py: connects to the lab, sends a sentence, reads the capitals.
import { checkTcpClient } from '../clients.js';
import { defineBattery } from './battery.js';

export default defineBattery({ name: 'tcp-client', program: 'TCPClient.py', kind: 'client', check: checkTcpClient });
