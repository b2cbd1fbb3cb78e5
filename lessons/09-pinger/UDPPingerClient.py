from socket import *
import time

serverName = 'localhost'
serverPort = 12005
clientSocket = socket(AF_INET, SOCK_DGRAM)
rtts = []
for n in range(1, 11):
    message = 'Ping ' + str(n) + ' ' + str(time.time())
    sendTime = time.perf_counter()
    clientSocket.sendto(message.encode(), (serverName, serverPort))
    deadline = sendTime + 1  # wait at most one second for this ping's reply
    try:
        while True:
            clientSocket.settimeout(max(deadline - time.perf_counter(), 0.001))
            modifiedMessage, serverAddress = clientSocket.recvfrom(1024)
            if modifiedMessage.split()[1:2] == [str(n).encode()]:
                break  # the reply to this ping; a late reply to an earlier one is skipped
        rtt = (time.perf_counter() - sendTime) * 1000
        rtts.append(rtt)
        print(modifiedMessage.decode(), 'RTT %.3f ms' % rtt)
    except timeout:
        print('Request timed out')

lost = 10 - len(rtts)
if rtts:
    print('RTT min %.3f / avg %.3f / max %.3f ms' % (min(rtts), sum(rtts) / len(rtts), max(rtts)))
print('%d of 10 pings lost (%d%%)' % (lost, lost * 10))
clientSocket.close()
