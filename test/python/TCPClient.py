# TCPClient.py, as in Kurose & Ross 2.7.2, with one change so a test can drive it: the server's
# name and port, and the sentence, come from the command line (or the sentence from stdin)
# instead of an input() prompt.
import sys
from socket import *

serverName = sys.argv[1] if len(sys.argv) > 1 else '127.0.0.1'
serverPort = int(sys.argv[2]) if len(sys.argv) > 2 else 12000
clientSocket = socket(AF_INET, SOCK_STREAM)
clientSocket.settimeout(5)
clientSocket.connect((serverName, serverPort))
sentence = sys.argv[3] if len(sys.argv) > 3 else sys.stdin.readline().rstrip('\n')
clientSocket.send(sentence.encode())
modifiedSentence = clientSocket.recv(1024)
print('From Server: ', modifiedSentence.decode())
clientSocket.close()
