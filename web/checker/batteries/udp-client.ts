// UDPClient.py: one datagram arrives at the lab, which answers in capitals.
import { checkUdpClient } from '../clients.js';
import { defineBattery } from './battery.js';

export default defineBattery({ name: 'udp-client', program: 'UDPClient.py', kind: 'client', check: checkUdpClient });
