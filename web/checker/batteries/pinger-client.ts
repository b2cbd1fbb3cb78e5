// UDPPingerClient.py (lesson 9): ten pings with a timeout, to a lab that drops some.
import { checkPingerClient } from '../clients.js';
import { defineBattery } from './battery.js';

export default defineBattery({ name: 'pinger-client', program: 'UDPPingerClient.py', kind: 'client', check: checkPingerClient });
