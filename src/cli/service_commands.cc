// missive service update, team, safelist, reply-to, sms-sender, inbound: a service's settings,
// who it may send to, its senders and its received texts.

#include <cctype>
#include <memory>
#include <sstream>

#include "cli/admin.h"
#include "cli/commands.h"
#include "core/clock.h"
#include "core/uuid.h"
#include "recipients/email_address.h"
#include "recipients/phone_number.h"
#include "store/sqlite_store.h"

namespace missive::cli {
namespace {

// Runs `body` with an open store whose service `service_id` exists.
template <typename F>
int WithService(const Common& common, const std::string& service_id, F&& body) {
  auto store = OpenSqliteStore({.data_dir = common.data_dir});
  if (!store) return Fail(common, store.error().message);
  if (!(*store)->GetService(service_id)) return Fail(common, "no service with id " + service_id);
  return body(**store);
}

void AddReplyToAdd(CLI::App& app, Common& common, int& exit_code) {
  auto* group =
      app.add_subcommand("reply-to", "Manage reply-to email addresses")->require_subcommand(1);
  auto* cmd = group->add_subcommand("add", "Add a reply-to address to a service");
  struct Args {
    std::string service_id, email;
    bool is_default = false;
  };
  auto args = std::make_shared<Args>();
  cmd->add_option("--service", args->service_id, "Service id")->required();
  cmd->add_option("--email", args->email, "The address replies go to")->required();
  cmd->add_flag("--default", args->is_default, "Use it when a send names no reply-to id");
  cmd->callback([&common, &exit_code, args] {
    exit_code = WithService(common, args->service_id, [&](Store& store) {
      if (!IsValidEmailAddress(args->email)) return Fail(common, "not a valid email address");
      ReplyTo reply_to{NewUuid(), args->service_id, args->email, args->is_default,
                       SystemClock::Instance().NowMicros()};
      if (Status added = store.AddReplyTo(reply_to); !added) {
        return Fail(common, added.error().message);
      }
      Print(common, {{"id", reply_to.id}, {"email_address", args->email}},
            "Added reply-to " + reply_to.id + " (" + args->email + ")");
      return 0;
    });
  });
}

// A sender as stored: a number given with '+' in E.164 ("+1 613 555 0100" is "+16135550100"),
// otherwise a name or short number of 1 to 11 characters, as given.
Result<std::string> SenderText(const std::string& given) {
  if (!given.empty() && given.front() == '+') {
    auto number = ValidatePhoneNumber(given);
    if (!number) return MakeError(ErrorCode::kInvalid, "--sender: " + number.error().message);
    return number->e164;
  }
  if (given.empty() || given.size() > 11) {
    return MakeError(ErrorCode::kInvalid,
                     "a sender is a phone number starting with + or 1 to 11 characters");
  }
  return given;
}

void AddSmsSenderAdd(CLI::App& app, Common& common, int& exit_code) {
  auto* group =
      app.add_subcommand("sms-sender", "Manage text message senders")->require_subcommand(1);
  auto* cmd = group->add_subcommand("add", "Add a sender name or number to a service");
  struct Args {
    std::string service_id, sender;
    bool is_default = false;
  };
  auto args = std::make_shared<Args>();
  cmd->add_option("--service", args->service_id, "Service id")->required();
  cmd->add_option("--sender", args->sender,
                  "Up to 11 characters, or a phone number starting with +")
      ->required();
  cmd->add_flag("--default", args->is_default, "Use it when a send names no sender id");
  cmd->callback([&common, &exit_code, args] {
    exit_code = WithService(common, args->service_id, [&](Store& store) {
      auto text = SenderText(args->sender);
      if (!text) return Fail(common, text.error().message);
      SmsSender sender{NewUuid(), args->service_id, *text, args->is_default,
                       SystemClock::Instance().NowMicros()};
      if (Status added = store.AddSmsSender(sender); !added) {
        return Fail(common, added.error().message);
      }
      Print(common, {{"id", sender.id}, {"sms_sender", *text}},
            "Added SMS sender " + sender.id + " (" + *text + ")");
      return 0;
    });
  });
}

// A phone number or short code as a gateway writes it: an optional '+', then digits, spaces,
// dashes, dots and parentheses, with 3 to 20 digits.
bool IsNumberLike(const std::string& text) {
  size_t digits = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (std::isdigit(static_cast<unsigned char>(c))) {
      ++digits;
    } else if (!(c == '+' && i == 0) && std::string_view(" -.()").find(c) == std::string::npos) {
      return false;
    }
  }
  return digits >= 3 && digits <= 20;
}

void AddInboundAdd(CLI::App& app, Common& common, int& exit_code) {
  auto* group = app.add_subcommand("inbound", "Received text messages")->require_subcommand(1);
  auto* cmd = group->add_subcommand("add", "Record a text message received for a service");
  struct Args {
    std::string service_id, from, to, text;
  };
  auto args = std::make_shared<Args>();
  cmd->add_option("--service", args->service_id, "Service id")->required();
  cmd->add_option("--from", args->from, "The sender's number")->required();
  cmd->add_option("--to", args->to, "The service's number it was sent to")->required();
  cmd->add_option("--text", args->text, "The message")->required();
  cmd->callback([&common, &exit_code, args] {
    exit_code = WithService(common, args->service_id, [&](Store& store) {
      if (!IsNumberLike(args->from) || !IsNumberLike(args->to)) {
        return Fail(common, "--from and --to are phone numbers or short codes");
      }
      ReceivedText text{NewUuid(),  args->service_id, args->to,
                        args->from, args->text,       SystemClock::Instance().NowMicros()};
      if (Status added = store.InsertReceivedText(text); !added) {
        return Fail(common, added.error().message);
      }
      Print(common, {{"id", text.id}}, "Recorded received text " + text.id);
      return 0;
    });
  });
}

struct UpdateArgs {
  std::string service_id, permissions;
  bool live = false, trial = false, suspend = false, resume = false;
  std::optional<bool> prefix_sms;
  std::optional<int> rate_limit, email_daily, sms_daily, email_annual, sms_annual;
  std::string branding, logo_url, logo_alt;
};

nlohmann::ordered_json ServiceJson(const Service& s) {
  return {{"id", s.id},
          {"name", s.name},
          {"email_from", s.email_from},
          {"live", !s.restricted},
          {"active", s.active},
          {"prefix_sms", s.prefix_sms},
          {"permissions", s.permissions},
          {"rate_limit", s.rate_limit},
          {"email_daily_limit", s.email_daily_limit},
          {"sms_daily_limit", s.sms_daily_limit},
          {"email_annual_limit", s.email_annual_limit},
          {"sms_annual_limit", s.sms_annual_limit},
          {"branding", s.branding}};
}

std::vector<std::string> SplitPermissions(const std::string& text) {
  std::vector<std::string> out;
  std::stringstream stream(text);
  for (std::string item; std::getline(stream, item, ',');) {
    if (!item.empty()) out.push_back(item);
  }
  return out;
}

bool IsKnownPermission(const std::string& name) {
  return name == "email" || name == "sms" || name == "international_sms" ||
         name == "upload_document";
}

void Apply(const UpdateArgs& a, Service& s) {
  if (a.live) s.restricted = false;
  if (a.trial) s.restricted = true;
  if (a.suspend) s.active = false;
  if (a.resume) s.active = true;
  if (a.prefix_sms) s.prefix_sms = *a.prefix_sms;
  if (!a.permissions.empty()) s.permissions = SplitPermissions(a.permissions);
  s.rate_limit = a.rate_limit.value_or(s.rate_limit);
  s.email_daily_limit = a.email_daily.value_or(s.email_daily_limit);
  s.sms_daily_limit = a.sms_daily.value_or(s.sms_daily_limit);
  s.email_annual_limit = a.email_annual.value_or(s.email_annual_limit);
  s.sms_annual_limit = a.sms_annual.value_or(s.sms_annual_limit);
  if (!a.branding.empty()) s.branding = a.branding;
  if (!a.logo_url.empty()) s.logo_url = a.logo_url;
  if (!a.logo_alt.empty()) s.logo_alt = a.logo_alt;
}

void AddServiceUpdate(CLI::App& app, Common& common, int& exit_code) {
  auto* cmd =
      app.get_subcommand("service")->add_subcommand("update", "Change a service's settings");
  auto a = std::make_shared<UpdateArgs>();
  cmd->add_option("id", a->service_id, "Service id")->required();
  auto* live = cmd->add_flag("--live", a->live, "Go live: send to anyone");
  cmd->add_flag("--trial", a->trial, "Back to trial mode: team and safelist only")->excludes(live);
  auto* suspend = cmd->add_flag("--suspend", a->suspend, "Refuse every send");
  cmd->add_flag("--resume", a->resume, "Accept sends again")->excludes(suspend);
  cmd->add_option("--prefix-sms", a->prefix_sms, "Start text messages with the service name");
  cmd->add_option("--permissions", a->permissions,
                  "Comma-separated: email,sms,international_sms,upload_document");
  cmd->add_option("--rate-limit", a->rate_limit, "Requests per 60 s per key type")
      ->check(CLI::PositiveNumber);
  cmd->add_option("--email-daily-limit", a->email_daily, "Emails a day")
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--sms-daily-limit", a->sms_daily, "Text messages a day")
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--email-annual-limit", a->email_annual, "Emails a fiscal year")
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--sms-annual-limit", a->sms_annual, "Text messages a fiscal year")
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--branding", a->branding,
                  "Email banner: gc-en, gc-fr (Government of Canada signature, English or French "
                  "first), custom (with --logo-url) or none")
      ->check(CLI::IsMember({"gc-en", "gc-fr", "custom", "none"}));
  cmd->add_option("--logo-url", a->logo_url, "Absolute https URL of the custom logo");
  cmd->add_option("--logo-alt", a->logo_alt, "Alternative text of the custom logo");
  cmd->callback([&common, &exit_code, a] {
    exit_code = WithService(common, a->service_id, [&](Store& store) {
      Service service = std::move(store.GetService(a->service_id)).value();
      for (const auto& permission : SplitPermissions(a->permissions)) {
        if (!IsKnownPermission(permission)) {
          return Fail(common, "unknown permission \"" + permission +
                                  "\"; use email, sms, international_sms, upload_document");
        }
      }
      Apply(*a, service);
      if (service.branding == "custom" && !service.logo_url) {
        return Fail(common, "custom branding needs --logo-url");
      }
      if (Status saved = store.UpdateService(service); !saved) {
        return Fail(common, saved.error().message);
      }
      Print(common, ServiceJson(service), "Updated service " + service.id);
      return 0;
    });
  });
}

// missive team add / safelist add: who a trial service or a team key may send to.
void AddRecipientCommand(CLI::App& app, Common& common, int& exit_code, const std::string& kind) {
  std::string about = kind == "team" ? "Team members" : "The safelist";
  auto* group = app.add_subcommand(kind, about + " of a service")->require_subcommand(1);
  auto* cmd = group->add_subcommand("add", "Add an email address or a mobile number");
  struct Args {
    std::string service_id, email, mobile;
  };
  auto args = std::make_shared<Args>();
  cmd->add_option("--service", args->service_id, "Service id")->required();
  auto* email = cmd->add_option("--email", args->email, "Email address");
  cmd->add_option("--mobile", args->mobile, "Mobile number")->excludes(email);
  cmd->callback([&common, &exit_code, args, kind] {
    exit_code = WithService(common, args->service_id, [&](Store& store) {
      std::string recipient;
      if (!args->email.empty()) {
        if (!IsValidEmailAddress(args->email)) return Fail(common, "not a valid email address");
        recipient = NormaliseEmailAddress(args->email);
      } else {
        auto phone = ValidatePhoneNumber(args->mobile);
        if (!phone) return Fail(common, "--mobile: " + phone.error().message);
        recipient = phone->e164;
      }
      if (Status added = store.AddAllowedRecipient(args->service_id, kind, recipient); !added) {
        return Fail(common, added.error().message);
      }
      Print(common, {{"service_id", args->service_id}, {"kind", kind}, {"recipient", recipient}},
            "Added " + recipient + " to the " + kind + " of service " + args->service_id);
      return 0;
    });
  });
}

}  // namespace

void AddServiceCommands(CLI::App& app, Common& common, int& exit_code) {
  AddServiceUpdate(app, common, exit_code);
  AddRecipientCommand(app, common, exit_code, "team");
  AddRecipientCommand(app, common, exit_code, "safelist");
  AddReplyToAdd(app, common, exit_code);
  AddSmsSenderAdd(app, common, exit_code);
  AddInboundAdd(app, common, exit_code);
}

}  // namespace missive::cli
