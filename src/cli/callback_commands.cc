// missive callback set|show: where a service's delivery-status callbacks go.

#include <memory>

#include "callbacks/callback_settings.h"
#include "cli/commands.h"
#include "core/clock.h"
#include "store/sqlite_store.h"

namespace missive::cli {
namespace {

using nlohmann::ordered_json;

// Runs `body` with an open store whose service `service_id` exists.
template <typename F>
int WithService(const Common& common, const std::string& service_id, F&& body) {
  auto store = OpenSqliteStore({.data_dir = common.data_dir});
  if (!store) return Fail(common, store.error().message);
  if (!(*store)->GetService(service_id)) return Fail(common, "no service with id " + service_id);
  return body(**store);
}

ordered_json TimeOrNull(const std::optional<Micros>& at) {
  return at ? ordered_json(FormatTimestamp(*at)) : ordered_json(nullptr);
}

void AddCallbackSet(CLI::App& group, Common& common, int& exit_code) {
  auto* cmd = group.add_subcommand(
      "set",
      "Set where the service's delivery statuses are POSTed. The URL must be https, except that "
      "http is accepted for localhost, 127.0.0.1 and [::1]; replaces any callback set before");
  struct Args {
    std::string service_id, url, token;
  };
  auto args = std::make_shared<Args>();
  cmd->add_option("--service", args->service_id, "Service id")->required();
  cmd->add_option("--url", args->url, "https:// URL (http:// only for a loopback host)")
      ->required();
  cmd->add_option("--token", args->token,
                  "Bearer token sent in the Authorization header; at least 10 characters; "
                  "stored encrypted and never shown")
      ->required();
  cmd->callback([&common, &exit_code, args] {
    exit_code = WithService(common, args->service_id, [&](Store& store) {
      if (Status url = CheckCallbackUrl(args->url); !url) {
        return Fail(common, "--url: " + url.error().message);
      }
      if (Status token = CheckBearerToken(args->token); !token) {
        return Fail(common, "--token: " + token.error().message);
      }
      ServiceCallback callback{args->service_id, args->url, args->token,
                               SystemClock::Instance().NowMicros(), std::nullopt};
      if (Status saved = store.SetServiceCallback(callback); !saved) {
        return Fail(common, saved.error().message);
      }
      Print(common, {{"service_id", args->service_id}, {"url", args->url}},
            "Delivery statuses of service " + args->service_id + " go to " + args->url);
      return 0;
    });
  });
}

void AddCallbackShow(CLI::App& group, Common& common, int& exit_code) {
  auto* cmd = group.add_subcommand("show", "Show the service's callback URL (not its token)");
  auto service_id = std::make_shared<std::string>();
  cmd->add_option("--service", *service_id, "Service id")->required();
  cmd->callback([&common, &exit_code, service_id] {
    exit_code = WithService(common, *service_id, [&](Store& store) {
      auto callback = store.GetServiceCallback(*service_id);
      if (!callback && callback.error().code != ErrorCode::kNotFound) {
        return Fail(common, callback.error().message);
      }
      if (!callback) {
        Print(common, {{"service_id", *service_id}, {"url", nullptr}},
              "Service " + *service_id + " has no delivery-status callback");
        return 0;
      }
      Print(common,
            {{"service_id", *service_id},
             {"url", callback->url},
             {"created_at", FormatTimestamp(callback->created_at)},
             {"updated_at", TimeOrNull(callback->updated_at)}},
            "Delivery statuses of service " + *service_id + " go to " + callback->url +
                " (bearer token set, not shown)");
      return 0;
    });
  });
}

}  // namespace

void AddCallbackCommands(CLI::App& app, Common& common, int& exit_code) {
  auto* group =
      app.add_subcommand("callback", "A service's delivery-status callback")->require_subcommand(1);
  AddCallbackSet(*group, common, exit_code);
  AddCallbackShow(*group, common, exit_code);
}

}  // namespace missive::cli
