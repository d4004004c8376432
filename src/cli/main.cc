// missive: the notification service and its administration commands.

#include <CLI/CLI.hpp>
#include <iostream>

#include "cli/commands.h"
#include "core/log.h"

namespace missive::cli {

void Print(const Common& common, const nlohmann::ordered_json& object, const std::string& text) {
  if (common.json) {
    std::cout << object.dump(2) << "\n";
  } else {
    std::cout << text << "\n";
  }
}

int Fail(const Common& common, const std::string& message) {
  if (common.json) {
    std::cerr << nlohmann::ordered_json{{"error", message}}.dump() << "\n";
  } else {
    std::cerr << "error: " << message << "\n";
  }
  return 1;
}

}  // namespace missive::cli

int main(int argc, char** argv) {
  CLI::App app{"Missive: email and text messages for public programs, with GC Notify's API."};
  app.require_subcommand(1);
  app.fallthrough();
  missive::cli::Common common;
  std::string log_level = "info";
  app.add_option("--data-dir", common.data_dir, "Where Missive keeps its data")
      ->envname("MISSIVE_DATA_DIR")
      ->capture_default_str();
  app.add_flag("--json", common.json, "Print results as JSON");
  app.add_option("--log-level", log_level, "debug, info, warn or error")
      ->envname("MISSIVE_LOG_LEVEL")
      ->capture_default_str();

  int exit_code = 0;
  missive::cli::AddAdminCommands(app, common, exit_code);
  missive::cli::AddServiceCommands(app, common, exit_code);
  missive::cli::AddCallbackCommands(app, common, exit_code);
  missive::cli::AddServeCommand(app, common, exit_code);
  app.parse_complete_callback([&] { missive::InitLogging(log_level); });
  CLI11_PARSE(app, argc, argv);
  return exit_code;
}
