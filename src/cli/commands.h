#pragma once
// The missive command line: each subcommand registers its options on a CLI11 app and runs
// against the data directory. Private to the cli module.

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>
#include <string>

namespace missive::cli {

// Options every command shares.
struct Common {
  std::string data_dir = "missive-data";
  bool json = false;
};

// Adds the service, key and template commands. Each sets `exit_code` when it runs.
void AddAdminCommands(CLI::App& app, Common& common, int& exit_code);

// Adds reply-to, sms-sender and inbound commands.
void AddServiceCommands(CLI::App& app, Common& common, int& exit_code);

// Adds `callback set` and `callback show`.
void AddCallbackCommands(CLI::App& app, Common& common, int& exit_code);

// Adds `serve`.
void AddServeCommand(CLI::App& app, Common& common, int& exit_code);

// Prints `object` as JSON when --json was given, else `text`.
void Print(const Common& common, const nlohmann::ordered_json& object, const std::string& text);

// Prints an error to standard error (as {"error": ...} with --json) and returns exit code 1.
int Fail(const Common& common, const std::string& message);

}  // namespace missive::cli
