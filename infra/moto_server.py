"""Starts the moto AWS emulator single-threaded and prints the port it bound.

moto is not safe under concurrent requests (its transactions copy and restore
whole tables), so we serve one request at a time: every answer is then
linearizable, like DynamoDB's per-item conditional writes, and concurrency tests
of our code exercise our conditions, not moto's races.

Usage: moto_server.py [--host 127.0.0.1] [--port 0]
Prints "moto listening on <port>" once the socket is bound, then serves until killed.
"""
import argparse
import sys

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
    args = parser.parse_args()

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


if __name__ == "__main__":
    main()
