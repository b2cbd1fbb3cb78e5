# A broken UDPServer.py: forgets upper().
import sys
from socket import *
serverPort = int(sys.argv[1])
serverSocket = socket(AF_INET, SOCK_DGRAM)
serverSocket.bind(('127.0.0.1', serverPort))
print("The server is ready to receive", flush=True)
while True:
    message, clientAddress = serverSocket.recvfrom(2048)
    serverSocket.sendto(message, clientAddress)
