# A pinger client as the lab asks: ten pings, a one-second timeout, RTT or "Request timed out".
import sys
import time
from socket import *
serverPort = int(sys.argv[1])
clientSocket = socket(AF_INET, SOCK_DGRAM)
clientSocket.settimeout(1)
rtts = []
for n in range(1, 11):
    sent = time.time()
    clientSocket.sendto(f'Ping {n} {sent}'.encode(), ('127.0.0.1', serverPort))
    try:
        reply, _ = clientSocket.recvfrom(1024)
        rtt = time.time() - sent
        rtts.append(rtt)
        print(f'{reply.decode()} RTT {rtt:.6f}s', flush=True)
    except timeout:
        print('Request timed out', flush=True)
if rtts:
    print(f'min {min(rtts):.6f} avg {sum(rtts)/len(rtts):.6f} max {max(rtts):.6f} loss {100*(10-len(rtts))/10:.0f}%')
clientSocket.close()
