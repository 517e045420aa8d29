"""A non-Java peer of the amqp transport, written from docs/wire-formats.md with python3-pika (Debian's package).

    amqp_peer.py PORT publish QUEUE TEXT...        publish each TEXT (persistent, confirmed) to QUEUE via the default exchange
    amqp_peer.py PORT consume QUEUE COUNT          print "PEER:<body>" for COUNT messages, acknowledging each
    amqp_peer.py PORT serve QUEUE COUNT            answer COUNT requests with "py:<body>" on reply_to, same correlation_id
    amqp_peer.py PORT request QUEUE TEXT           one request through direct reply-to; prints "PEER:<reply>"
    amqp_peer.py PORT take-and-die QUEUE           take one message without acknowledging it, say "PEER:holding", wait

Bodies are one frame of the endpoint (with headers: none, just the payload). Run with /usr/bin/python3.
"""
import sys
import time
import uuid

import pika


def connect(port):
    return pika.BlockingConnection(pika.ConnectionParameters(host="127.0.0.1", port=int(port)))


def await_queue(connection, channel, queue):
    """The queue may not be there yet (the endpoint that asks declares it when it first connects): wait up to 30 s."""
    deadline = time.time() + 30
    while True:
        try:
            channel.queue_declare(queue, passive=True)
            return channel
        except pika.exceptions.ChannelClosedByBroker as missing:
            if missing.reply_code != 404 or time.time() > deadline:
                raise
            time.sleep(0.1)
            channel = connection.channel()


def main(port, mode, queue, *rest):
    connection = connect(port)
    channel = connection.channel()
    if mode == "publish":
        channel.confirm_delivery()
        for text in rest:
            channel.basic_publish("", queue, text.encode(), pika.BasicProperties(delivery_mode=2, app_id="python"),
                                  mandatory=True)
        print("PEER:published", flush=True)
    elif mode == "publish-raw":
        channel.confirm_delivery()
        for hex_body in rest:
            channel.basic_publish("", queue, bytes.fromhex(hex_body), pika.BasicProperties(delivery_mode=2,
                                  app_id="python"), mandatory=True)
        print("PEER:published", flush=True)
    elif mode == "consume":
        count = int(rest[0])
        for method, properties, body in channel.consume(queue, inactivity_timeout=30):
            if method is None:
                break
            print("PEER:" + body.decode(errors="replace"), flush=True)
            channel.basic_ack(method.delivery_tag)
            count -= 1
            if count == 0:
                break
        channel.cancel()
    elif mode == "serve":
        count = int(rest[0])
        channel = await_queue(connection, channel, queue)
        for method, properties, body in channel.consume(queue, inactivity_timeout=30):
            if method is None:
                break
            channel.basic_publish("", properties.reply_to, b"py:" + body,
                                  pika.BasicProperties(correlation_id=properties.correlation_id))
            channel.basic_ack(method.delivery_tag)
            count -= 1
            if count == 0:
                break
        channel.cancel()
        print("PEER:served", flush=True)
    elif mode == "request":
        replies = []
        channel.basic_consume("amq.rabbitmq.reply-to", lambda ch, m, p, b: replies.append((p, b)), auto_ack=True)
        correlation_id = str(uuid.uuid4())
        channel.basic_publish("", queue, rest[0].encode(),
                              pika.BasicProperties(reply_to="amq.rabbitmq.reply-to", correlation_id=correlation_id))
        deadline = time.time() + 30
        while not replies and time.time() < deadline:
            connection.process_data_events(time_limit=0.1)
        properties, body = replies[0]
        error = (properties.headers or {}).get("ipc_error")
        print("PEER:" + (("error " + str(error)) if error else body.decode()), flush=True)
    elif mode == "take-and-die":
        channel.basic_qos(prefetch_count=1)
        for method, properties, body in channel.consume(queue):
            print("PEER:holding " + body.decode(errors="replace"), flush=True)
            time.sleep(3600)  # killed here, the message unacknowledged
    connection.close()


if __name__ == "__main__":
    main(*sys.argv[1:])
