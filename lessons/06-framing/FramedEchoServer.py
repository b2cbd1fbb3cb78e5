from socket import *
from framing import BadFrame, MAX_FAILURES, read_frame, send_frame

serverPort = 12003
serverSocket = socket(AF_INET, SOCK_STREAM)
serverSocket.setsockopt(SOL_SOCKET, SO_REUSEADDR, 1)
serverSocket.bind(('', serverPort))
serverSocket.listen(5)
print('The server is ready to receive')
while True:
    connectionSocket, addr = serverSocket.accept()
    buffer = b''
    failures = 0
    try:
        while failures < MAX_FAILURES:
            try:
                text, buffer = read_frame(connectionSocket, buffer)
            except BadFrame as problem:
                buffer = b''  # drop the buffer, count, carry on
                failures += 1
                send_frame(connectionSocket, 'error: ' + str(problem))
                continue
            failures = 0
            send_frame(connectionSocket, text.upper())
    except ConnectionError:
        pass
    connectionSocket.close()
