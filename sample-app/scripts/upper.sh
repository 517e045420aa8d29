#!/bin/sh
# The child process behind the sample's "shout" endpoint (transport: process, role: outbound-gateway, framing: line):
# answers every line on stdin with the same line in upper case on stdout, and exits when stdin closes.
while IFS= read -r line; do
  printf '%s\n' "$line" | tr '[:lower:]' '[:upper:]'
done
