// Command ferretdb runs FerretDB v1 (embedded, PostgreSQL handler) for
// Project Connect's local stack.
//
// Configuration (flag, then environment, then default):
//
//	-listen          FERRETDB_LISTEN          127.0.0.1:27017
//	-postgresql-url  FERRETDB_POSTGRESQL_URL  postgres://postgres@127.0.0.1:55432/ferretdb
//	-log-level       FERRETDB_LOG_LEVEL       info (debug|info|warn|error)
//
// Logs are JSON lines on stderr. SIGTERM or SIGINT closes the listener, the
// client connections and the PostgreSQL pool, then exits 0.
package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"syscall"

	"github.com/FerretDB/FerretDB/ferretdb"
)

func envOr(key, def string) string {
	if v, ok := os.LookupEnv(key); ok && v != "" {
		return v
	}
	return def
}

func main() {
	listen := flag.String("listen", envOr("FERRETDB_LISTEN", "127.0.0.1:27017"), "TCP listen address (env FERRETDB_LISTEN)")
	pgURL := flag.String("postgresql-url", envOr("FERRETDB_POSTGRESQL_URL", "postgres://postgres@127.0.0.1:55432/ferretdb"), "PostgreSQL URL (env FERRETDB_POSTGRESQL_URL)")
	logLevel := flag.String("log-level", envOr("FERRETDB_LOG_LEVEL", "info"), "log level: debug, info, warn, error (env FERRETDB_LOG_LEVEL)")
	flag.Parse()

	var level slog.Level
	if err := level.UnmarshalText([]byte(*logLevel)); err != nil {
		fmt.Fprintf(os.Stderr, "ferretdb: invalid -log-level %q: %v\n", *logLevel, err)
		os.Exit(2)
	}
	logger := slog.New(slog.NewJSONHandler(os.Stderr, &slog.HandlerOptions{Level: level})).
		With("service", "ferretdb")

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	logger.Info("FerretDB starting", "listen", *listen, "handler", "postgresql", "pid", os.Getpid())

	f, err := ferretdb.New(&ferretdb.Config{
		Listener:      ferretdb.ListenerConfig{TCP: *listen},
		Handler:       "postgresql",
		PostgreSQLURL: *pgURL,
		Logger:        logger,
	})
	if err != nil {
		logger.Error("cannot start FerretDB", "error", err.Error())
		os.Exit(1)
	}

	if err := f.Run(ctx); err != nil {
		logger.Error("FerretDB stopped with an error", "error", err.Error())
		os.Exit(1)
	}
	logger.Info("FerretDB stopped")
}
