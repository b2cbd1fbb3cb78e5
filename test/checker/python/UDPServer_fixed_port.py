# A broken UDPServer.py: replies to a fixed port (argv[2], "12000") instead of the client's address.
import sys
from socket import *
serverPort = int(sys.argv[1])
replyPort = int(sys.argv[2])
serverSocket = socket(AF_INET, SOCK_DGRAM)
serverSocket.bind(('127.0.0.1', serverPort))
print("The server is ready to receive", flush=True)
while True:
    message, clientAddress = serverSocket.recvfrom(2048)
    modifiedMessage = message.decode(errors='replace').upper()
    serverSocket.sendto(modifiedMessage.encode(), ('127.0.0.1', replyPort))
