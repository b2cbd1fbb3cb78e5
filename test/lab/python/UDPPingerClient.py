# UDPPingerClient.py: the client of the textbook's pinger lab. Sends 10 pings "Ping n time", waits
# up to one second for each reply, prints the RTT or "Request timed out", then the minimum,
# average and maximum RTT and the loss rate.
# Usage: python3 UDPPingerClient.py [host] [port] [timeout seconds]
import sys
import time
from socket import *

serverName = sys.argv[1] if len(sys.argv) > 1 else '127.0.0.1'
serverPort = int(sys.argv[2]) if len(sys.argv) > 2 else 12005
waitSeconds = float(sys.argv[3]) if len(sys.argv) > 3 else 1.0

clientSocket = socket(AF_INET, SOCK_DGRAM)
clientSocket.settimeout(waitSeconds)
rtts = []
for sequence in range(1, 11):
    sendTime = time.time()
    message = 'Ping %d %f' % (sequence, sendTime)
    clientSocket.sendto(message.encode(), (serverName, serverPort))
    try:
        modifiedMessage, serverAddress = clientSocket.recvfrom(1024)
        rtt = time.time() - sendTime
        rtts.append(rtt)
        print('%s RTT %.6f s' % (modifiedMessage.decode(), rtt))
    except timeout:
        print('Ping %d Request timed out' % sequence)
clientSocket.close()

if rtts:
    print('min %.6f s, avg %.6f s, max %.6f s' % (min(rtts), sum(rtts) / len(rtts), max(rtts)))
print('%d sent, %d received, %.0f%% lost' % (10, len(rtts), 100 * (10 - len(rtts)) / 10))
