# A broken pinger client: no settimeout(), so the first lost reply makes it wait forever.
import sys
import time
from socket import *
serverPort = int(sys.argv[1])
clientSocket = socket(AF_INET, SOCK_DGRAM)
for n in range(1, 11):
    sent = time.time()
    clientSocket.sendto(f'Ping {n} {sent}'.encode(), ('127.0.0.1', serverPort))
    reply, _ = clientSocket.recvfrom(1024)
    print(reply.decode(), flush=True)
clientSocket.close()
