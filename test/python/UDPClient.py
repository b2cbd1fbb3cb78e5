# UDPClient.py, as in Kurose & Ross 2.7.1, with one change so a test can drive it: the server's
# name and port, and the sentence, come from the command line (or the sentence from stdin)
# instead of an input() prompt.
import sys
from socket import *

serverName = sys.argv[1] if len(sys.argv) > 1 else '127.0.0.1'
serverPort = int(sys.argv[2]) if len(sys.argv) > 2 else 12000
clientSocket = socket(AF_INET, SOCK_DGRAM)
clientSocket.settimeout(5)  # the textbook's client would wait forever for a lost reply
message = sys.argv[3] if len(sys.argv) > 3 else sys.stdin.readline().rstrip('\n')
clientSocket.sendto(message.encode(), (serverName, serverPort))
modifiedMessage, serverAddress = clientSocket.recvfrom(2048)
print(modifiedMessage.decode())
clientSocket.close()
