"""Starts the moto AWS emulator single-threaded and prints the port it bound.

moto is not safe under concurrent requests (its transactions copy and restore
whole tables), so we serve one request at a time: every answer is then
linearizable, like DynamoDB's per-item conditional writes, and concurrency tests
of our code exercise our conditions, not moto's races.

Usage: moto_server.py [--host 127.0.0.1] [--port 0] [--exit-when-stdin-closes]
Prints "moto listening on <port>" once the socket is bound, then serves until killed,
or, with --exit-when-stdin-closes, until its parent closes (or dies holding) the pipe on
its stdin: a parent killed without its shutdown hooks (a PIT minion timed out, a test JVM
killed) then leaves no moto behind.
"""
import argparse
import os
import sys
import threading

from werkzeug.serving import make_server
from moto.moto_server.werkzeug_app import (
    DomainDispatcherApplication,
    MotoRequestHandler,
    create_backend_app,
)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0, help="0 picks a free port")
    parser.add_argument("--exit-when-stdin-closes", action="store_true")
    args = parser.parse_args()
    if args.exit_when_stdin_closes:
        threading.Thread(target=exit_when_stdin_closes, daemon=True).start()

    app = DomainDispatcherApplication(create_backend_app)
    server = make_server(
        args.host, args.port, app, threaded=False, request_handler=MotoRequestHandler
    )
    print(f"moto listening on {server.server_port}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    sys.exit(0)


def exit_when_stdin_closes() -> None:
    while sys.stdin.buffer.read(4096):
        pass
    os._exit(0)


if __name__ == "__main__":
    main()
