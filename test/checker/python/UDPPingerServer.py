# The textbook lab's UDPPingerServer.py (random drops), port from the command line, seeded.
import random
import sys
from socket import *
random.seed(int(sys.argv[2]) if len(sys.argv) > 2 else 1)
serverSocket = socket(AF_INET, SOCK_DGRAM)
serverSocket.bind(('127.0.0.1', int(sys.argv[1])))
print('Pinger server ready', flush=True)
while True:
    rand = random.randint(0, 10)
    message, address = serverSocket.recvfrom(1024)
    message = message.upper()
    if rand < 4:
        continue
    serverSocket.sendto(message, address)
