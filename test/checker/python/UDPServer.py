# The textbook's UDPServer.py, with the port taken from the command line.
import sys
from socket import *
serverPort = int(sys.argv[1])
serverSocket = socket(AF_INET, SOCK_DGRAM)
serverSocket.bind(('127.0.0.1', serverPort))
print("The server is ready to receive", flush=True)
while True:
    message, clientAddress = serverSocket.recvfrom(2048)
    modifiedMessage = message.decode(errors='replace').upper()
    serverSocket.sendto(modifiedMessage.encode(), clientAddress)
