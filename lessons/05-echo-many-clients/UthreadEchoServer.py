from socket import *
import time

serverPort = 12012
tasks = []  # each uthread: [generator, rounds to skip]

def spawn(uthread):
    tasks.append([uthread, 0])

def acceptor(serverSocket):
    while True:
        try:
            connectionSocket, addr = serverSocket.accept()
        except BlockingIOError:
            yield 1  # nobody is waiting: skip one round
            continue
        connectionSocket.setblocking(False)
        spawn(echo(connectionSocket))
        yield 0

def echo(connectionSocket):
    while True:
        try:
            message = connectionSocket.recv(1024)
            if not message:
                break
            connectionSocket.send(message)
        except BlockingIOError:
            yield 2  # a quiet client: lower priority
            continue
        except ConnectionError:
            break  # this client reset the connection: end only its uthread
        yield 0  # 0 or None: real time, run again next round
    connectionSocket.close()

serverSocket = socket(AF_INET, SOCK_STREAM)
serverSocket.setsockopt(SOL_SOCKET, SO_REUSEADDR, 1)
serverSocket.bind(('', serverPort))
serverSocket.listen(5)
serverSocket.setblocking(False)
spawn(acceptor(serverSocket))
print('The server is ready to receive')
while True:
    for task in list(tasks):
        if task[1] > 0:
            task[1] -= 1
            continue
        try:
            task[1] = next(task[0]) or 0
        except StopIteration:
            tasks.remove(task)
    time.sleep(0.01)  # rest 10 ms between rounds, not a busy loop
