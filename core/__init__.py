"""The shared kernel under both servers: settings, Redis, lead state, storage, agency facts, languages."""
