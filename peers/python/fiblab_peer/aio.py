"""`async` (seed async_server): asyncio streams, fib computed inline on the event loop.

Concurrency without parallelism: while one fib runs, every other client waits.
"""

import asyncio
import socket

from .protocol import LineFramer, fib, respond
from .runtime import RECV_SIZE, Options, Shutdown, listening

VARIANT = "py-async"


async def _handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, max_n: int) -> None:
    framer = LineFramer()
    try:
        # read(), not readline(): readline would buffer a long line up to its 64 KiB limit.
        while data := await reader.read(RECV_SIZE):
            replies = [respond(line, max_n, fib) for line in framer.feed(data)]
            if replies:
                writer.write(b"".join(replies))
                await writer.drain()
    except ConnectionError:
        pass  # the client went away
    except asyncio.CancelledError:
        # Shutdown cancels every handler. Ending normally rather than cancelled sidesteps a
        # 3.11 asyncio bug that logs a spurious traceback for a cancelled connection task.
        pass
    except Shutdown:
        # The signal handler raised it inside a fib. Left in this task, asyncio would log it as
        # unhandled; raised again from a plain callback, it stops the loop.
        asyncio.get_running_loop().call_soon(_shut_down)
    finally:
        writer.close()


def _shut_down() -> None:
    raise Shutdown(0)


async def _serve(sock: socket.socket, max_n: int) -> None:
    # asyncio sets TCP_NODELAY on every accepted socket itself.
    server = await asyncio.start_server(
        lambda reader, writer: _handle(reader, writer, max_n), sock=sock
    )
    async with server:
        await server.serve_forever()


def run(opts: Options) -> int:
    with listening(VARIANT, opts) as sock:
        asyncio.run(_serve(sock, opts.max_n))
    return 0
