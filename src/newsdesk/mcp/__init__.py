"""``newsdesk mcp``: the store over the Model Context Protocol (the official ``mcp`` SDK).

Assistants (Claude Desktop, IDE agents, any MCP client) search the store, read articles and
stories, ask for a verified briefing, and check a text they wrote against the store. Served
over stdio (desktop assistants start it as a subprocess) or streamable HTTP on 127.0.0.1,
behind the same bearer token as the HTTP API. See :mod:`newsdesk.mcp.server`.
"""
