# Benchmark ceiling: a bare asyncio server that reads once, splits the request
# line by hand, answers the same JSON and closes (one request per connection).
import os
import json
import asyncio


async def handle(reader, writer):
    data = await reader.read(2048)
    if data:
        target = data.split(b" ", 2)[1].decode()
        path, _, q = target.partition("?")
        body = json.dumps({"item_id": int(path.rsplit("/", 1)[1]), "q": q[2:] if q.startswith("q=") else None}).encode()
        writer.write(b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: %d\r\nconnection: close\r\n\r\n" % len(body) + body)
        await writer.drain()
    writer.close()
    await writer.wait_closed()


async def main():
    await asyncio.start_server(handle, "127.0.0.1", int(os.getenv("MFA_PORT") or 8002), 64)
    while True:
        await asyncio.sleep(3600)


asyncio.run(main())
