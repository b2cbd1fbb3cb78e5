from socket import *

serverName = 'localhost'
serverPort = 12001
clientSocket = socket(AF_INET, SOCK_STREAM)
clientSocket.connect((serverName, serverPort))
while True:
    sentence = input('Input sentence: ')
    if sentence == '':
        break
    clientSocket.send(sentence.encode())
    echoed = clientSocket.recv(1024)
    print('From Server:', echoed.decode())
clientSocket.close()
