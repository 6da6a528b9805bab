@echo off
rem MCP Gateway stdio bridge for clients that only speak stdio (e.g. Claude Desktop).
rem Runs `mcp-gateway stdio` with the Node runtime built into the installed app, so it
rem needs neither Node, npx nor anything on PATH.
setlocal
set "ELECTRON_RUN_AS_NODE=1"
"%~dp0..\..\MCP Gateway.exe" "%~dp0..\app\bin\mcp-gateway.js" stdio %*
exit /b %ERRORLEVEL%
