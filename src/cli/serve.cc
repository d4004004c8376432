// missive serve: the API, the delivery workers, the callback senders and the store in one
// process.

#include <signal.h>
#include <spdlog/spdlog.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <vector>

#include "api/api.h"
#include "api/auth.h"
#include "api/http_server.h"
#include "callbacks/callback_sender.h"
#include "cli/admin.h"
#include "cli/commands.h"
#include "delivery/bounce_reader.h"
#include "delivery/email_sender.h"
#include "delivery/kannel_provider.h"
#include "delivery/sms_provider.h"
#include "delivery/sms_providers.h"
#include "delivery/twilio_provider.h"
#include "delivery/twilio_status.h"
#include "delivery/workers.h"
#include "recipients/email_address.h"
#include "store/sqlite_store.h"

namespace missive::cli {
namespace {

struct ServeArgs {
  std::string listen = "127.0.0.1:6011";
  std::string smtp_url;
  std::string smtp_user;
  std::string smtp_password;
  std::string smtp_ca_file;
  std::string email_domain = "notifications.localhost";
  std::string public_url;
  int workers = 16;
  double retry_base_seconds = 1.0;
  double retry_cap_seconds = 300.0;
  double lease_seconds = 120.0;
  double callback_retry_seconds = 300.0;
  std::string bounce_address;
  std::string bounce_maildir;
  double bounce_poll_seconds = 5.0;
  std::vector<std::string> sms_providers;
  double sms_sender_rate = 1.0;
  int sms_failures_before_cooldown = 3;
  double sms_cooldown_seconds = 30.0;
  bool demo = false;
};

constexpr const char* kDemoKeyFile = "demo-key.txt";

const char* kDemoEnglish =
    "Hello ((name)),\n\nWe received your request on ((date)).\n\nWe will write to you again "
    "within 10 business days.\n\nThe Missive demo team";
const char* kDemoFrench =
    "Bonjour ((name)),\n\nNous avons reçu votre demande le ((date)).\n\nNous vous écrirons de "
    "nouveau d’ici 10 jours ouvrables.\n\nL’équipe de démonstration Missive";

// Where --listen points: "HOST:PORT" or ":PORT".
Result<std::pair<std::string, uint16_t>> ParseListen(const std::string& listen) {
  size_t colon = listen.rfind(':');
  if (colon == std::string::npos) return MakeError(ErrorCode::kInvalid, "--listen is HOST:PORT");
  std::string host = colon == 0 ? "127.0.0.1" : listen.substr(0, colon);
  if (host.size() > 2 && host.front() == '[') host = host.substr(1, host.size() - 2);
  try {
    int port = std::stoi(listen.substr(colon + 1));
    if (port < 0 || port > 65535) throw std::out_of_range("port");
    return std::pair{host, static_cast<uint16_t>(port)};
  } catch (const std::exception&) {
    return MakeError(ErrorCode::kInvalid, "--listen port must be a number from 0 to 65535");
  }
}

std::string DemoCurl(const std::string& base, const std::string& key, const std::string& id) {
  return "curl -s " + base + "/v2/notifications/email \\\n  -H 'Authorization: ApiKey-v1 " + key +
         "' \\\n  -H 'Content-Type: application/json' \\\n  -d '{\"email_address\": "
         "\"someone@example.com\", \"template_id\": \"" +
         id + "\", \"personalisation\": {\"name\": \"Alex\", \"date\": \"4 December\"}}'";
}

// Creates the demo service, key and templates on an empty store, saving the key and template id in
// the data directory; returns the curl to paste, for this server's address.
Result<std::string> SetUpDemo(Store& store, const std::string& data_dir, const std::string& base) {
  std::string saved_file = data_dir + "/" + kDemoKeyFile;
  auto services = store.ListServices();
  if (!services) return services.error();
  if (!services->empty()) {
    std::ifstream saved(saved_file);
    std::string key, template_id;
    if (saved >> key >> template_id) return DemoCurl(base, key, template_id);
    return std::string("(the data directory already holds services; no demo was set up)");
  }
  auto service = CreateService(store, "Missive demo", "demo", true);
  if (!service) return service.error();
  auto key = CreateKey(store, service->id, "demo", KeyType::kNormal);
  if (!key) return key.error();
  auto english = CreateTemplate(store, service->id, TemplateType::kEmail, "Request received",
                                "We received your request", kDemoEnglish);
  auto french = CreateTemplate(store, service->id, TemplateType::kEmail, "Demande reçue",
                               "Nous avons reçu votre demande", kDemoFrench);
  if (!english || !french) return MakeError(ErrorCode::kInternal, "cannot create demo templates");
  std::ofstream(saved_file) << FormatApiKey(*key) << "\n" << english->id << "\n";
  ::chmod(saved_file.c_str(), 0600);
  return DemoCurl(base, FormatApiKey(*key), english->id);
}

std::unique_ptr<EmailSender> MakeSender(const ServeArgs& args, const std::string& data_dir) {
  if (args.smtp_url.empty()) return MakeOutboxSender(data_dir + "/outbox");
  return MakeSmtpSender({.url = args.smtp_url,
                         .username = args.smtp_user,
                         .password = args.smtp_password,
                         .ca_file = args.smtp_ca_file});
}

// The Twilio accounts among the SMS providers, whose status callbacks are accepted.
std::vector<TwilioAccount> TwilioAccounts(const ServeArgs& args) {
  std::vector<TwilioAccount> accounts;
  for (const auto& text : args.sms_providers) {
    auto spec = ParseSmsProviderSpec(text);
    if (!spec || spec->kind != "twilio") continue;
    auto config = ParseTwilioSpec(*spec, {});
    if (config) accounts.push_back({config->account_sid, config->auth_token});
  }
  return accounts;
}

// POST /providers/twilio/status: 204 when taken (whether or not it changed anything), 403 when not
// signed by one of our accounts, 400 when malformed, 404 for an unknown notification.
ProviderEndpoint TwilioStatusEndpoint(TwilioStatusReceiver& receiver) {
  auto handle = [&receiver](const HttpRequest& request, const std::string& url) {
    auto taken = receiver.Receive(url, request.body, request.twilio_signature);
    if (taken) return HttpResponse{204, "text/plain", "", {}};
    int status = 500;
    if (taken.error().code == ErrorCode::kInvalid) status = 400;
    if (taken.error().code == ErrorCode::kRejected) status = 403;
    if (taken.error().code == ErrorCode::kNotFound) status = 404;
    nlohmann::json body = {{"result", "error"}, {"message", taken.error().message}};
    return HttpResponse{status, "application/json", body.dump(), {}};
  };
  return {"POST", "/providers/twilio/status", handle};
}

// Text messages in serve: the provider the workers send through (the providers named by
// --sms-provider, chained and paced; the SMS outbox when there are none), and the endpoints on
// which providers report back.
struct SmsSetUp {
  std::shared_ptr<SmsProvider> provider;
  std::unique_ptr<TwilioStatusReceiver> twilio_status;  // null without a Twilio provider
  std::vector<ProviderEndpoint> endpoints;
  std::vector<std::string> kannel_secrets;  // for the API's /providers/kannel routes
};

Result<SmsSetUp> SetUpSms(const ServeArgs& args, const std::string& data_dir,
                          std::string public_url, Store& store) {
  SmsSetUp sms;
  if (args.sms_providers.empty()) {
    sms.provider = MakeSmsOutbox(data_dir + "/outbox/sms.jsonl");
    return sms;
  }
  if (public_url.ends_with('/')) public_url.pop_back();
  SmsProvidersOptions options{
      .context = {.public_url = std::move(public_url)},
      .sender_rate = args.sms_sender_rate,
      .chain = {.failures_before_cooldown = args.sms_failures_before_cooldown,
                .cooldown = static_cast<Micros>(args.sms_cooldown_seconds * 1e6)}};
  auto provider = MakeSmsProviders(args.sms_providers, options, SystemClock::Instance());
  if (!provider) return provider.error();
  sms.provider = std::move(provider).value();
  if (auto accounts = TwilioAccounts(args); !accounts.empty()) {
    sms.twilio_status =
        std::make_unique<TwilioStatusReceiver>(store, SystemClock::Instance(), std::move(accounts));
    sms.endpoints.push_back(TwilioStatusEndpoint(*sms.twilio_status));
  }
  for (const auto& text : args.sms_providers) {
    if (auto kannel = ParseKannelSpec(text)) sms.kannel_secrets.push_back(kannel->receipt_secret);
  }
  return sms;
}

// Blocks SIGINT and SIGTERM in every thread started after this, then waits for one.
class SignalWaiter {
 public:
  SignalWaiter() {
    sigemptyset(&set_);
    sigaddset(&set_, SIGINT);
    sigaddset(&set_, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &set_, nullptr);
    ::signal(SIGPIPE, SIG_IGN);
  }
  int Wait() {
    int signal = 0;
    sigwait(&set_, &signal);
    return signal;
  }

 private:
  sigset_t set_;
};

// The bounce reader when --bounce-maildir is given; null otherwise.
std::unique_ptr<BounceReader> MakeBounceReader(Store& store, const ServeArgs& args) {
  if (args.bounce_maildir.empty()) return nullptr;
  BounceReaderOptions options{.maildir = args.bounce_maildir,
                              .bounce_address = args.bounce_address,
                              .poll_interval = static_cast<Micros>(args.bounce_poll_seconds * 1e6)};
  return std::make_unique<BounceReader>(store, SystemClock::Instance(), options);
}

bool StartsWith(const std::string& text, std::string_view prefix) {
  return text.compare(0, prefix.size(), prefix) == 0;
}

// Settings that would otherwise be accepted and only fail message by message later.
Status CheckSettings(const ServeArgs& args) {
  if (!args.bounce_address.empty() && !IsValidEmailAddress(args.bounce_address)) {
    return MakeError(ErrorCode::kInvalid, "--bounce-address is not a valid email address");
  }
  if (Status url = CheckSmtpUrl(args.smtp_url); !args.smtp_url.empty() && !url) {
    return MakeError(ErrorCode::kInvalid, "--smtp-url " + url.error().message);
  }
  if (!args.smtp_ca_file.empty() && args.smtp_url.empty()) {
    return MakeError(ErrorCode::kInvalid, "--smtp-ca-file needs --smtp-url");
  }
  if (Status ca = CheckSmtpCaFile(args.smtp_ca_file); !args.smtp_ca_file.empty() && !ca) {
    return MakeError(ErrorCode::kInvalid, "--smtp-ca-file " + ca.error().message);
  }
  if (!IsValidEmailAddress("sender@" + args.email_domain)) {
    return MakeError(ErrorCode::kInvalid, "--email-domain is not a valid domain name");
  }
  bool web = StartsWith(args.public_url, "http://") || StartsWith(args.public_url, "https://");
  if (!args.public_url.empty() &&
      (!web || args.public_url.find_first_of(" \"<>") != std::string::npos)) {
    return MakeError(ErrorCode::kInvalid, "--public-url must be an http:// or https:// URL");
  }
  return {};
}

// A master key other than the one the data directory's secrets were sealed with would leave every
// API key unusable; refuse to start rather than answer "API key not found" to every request.
Status CheckMasterKey(Store& store) {
  auto services = store.ListServices();
  if (!services) return services.error();
  for (const auto& service : *services) {
    auto keys = store.GetApiKeys(service.id);
    if (!keys && keys.error().code == ErrorCode::kInternal) {
      return MakeError(ErrorCode::kInvalid,
                       "the master key does not open this data directory's secrets (was "
                       "MISSIVE_MASTER_KEY or <data-dir>/master.key changed?)");
    }
    if (keys && !keys->empty()) return {};
  }
  return {};
}

int Serve(const Common& common, const ServeArgs& args) {
  SignalWaiter signals;
  auto listen = ParseListen(args.listen);
  if (!listen) return Fail(common, listen.error().message);
  if (Status settings = CheckSettings(args); !settings) {
    return Fail(common, settings.error().message);
  }
  auto store = OpenSqliteStore({.data_dir = common.data_dir});
  if (!store) return Fail(common, store.error().message);
  if (Status key = CheckMasterKey(**store); !key) return Fail(common, key.error().message);

  WorkerOptions worker_options{.threads = args.workers,
                               .lease = static_cast<Micros>(args.lease_seconds * 1e6),
                               .retry_base = static_cast<Micros>(args.retry_base_seconds * 1e6),
                               .retry_cap = static_cast<Micros>(args.retry_cap_seconds * 1e6),
                               .email_domain = args.email_domain,
                               .bounce_address = args.bounce_address};
  worker_options.public_url = args.public_url.empty() ? "http://" + args.listen : args.public_url;
  if (worker_options.lease <= worker_options.longest_send) {
    spdlog::warn(
        "delivery event=short-lease lease_s={} smtp_timeout_s=30 (a message that takes "
        "longer than the lease may be sent twice)",
        args.lease_seconds);
  }
  auto sms = SetUpSms(args, common.data_dir, worker_options.public_url, **store);
  if (!sms) return Fail(common, sms.error().message);
  DeliveryWorkers workers(
      **store, SystemClock::Instance(), [&] { return MakeSender(args, common.data_dir); },
      [&] { return sms->provider; }, worker_options);
  ApiOptions api_options{.email_domain = args.email_domain,
                         .public_url = args.public_url,
                         .kannel_secrets = sms->kannel_secrets,
                         .provider_endpoints = sms->endpoints};
  Api api(**store, SystemClock::Instance(), std::move(api_options), [&workers] { workers.Wake(); });
  HttpServer server({.address = listen->first, .port = listen->second},
                    [&api](const HttpRequest& request) { return api.Handle(request); });
  CallbackOptions callback_options;
  callback_options.retry_delay = static_cast<Micros>(args.callback_retry_seconds * 1e6);
  CallbackSender callbacks(**store, SystemClock::Instance(), callback_options);
  std::unique_ptr<BounceReader> bounces = MakeBounceReader(**store, args);
  if (Status started = bounces ? bounces->Start() : Status(); !started) {
    return Fail(common, "--bounce-maildir: " + started.error().message);
  }
  auto port = server.Start();
  if (!port) return Fail(common, port.error().message);
  workers.Start();
  callbacks.Start();

  std::string base = "http://" + listen->first + ":" + std::to_string(*port);
  spdlog::info("event=listening url={} data_dir={} email={} sms_providers={}", base,
               common.data_dir, args.smtp_url.empty() ? "outbox" : args.smtp_url,
               args.sms_providers.size());
  if (args.demo) {
    auto curl = SetUpDemo(**store, common.data_dir, base);
    if (!curl) return Fail(common, curl.error().message);
    std::cout << "Missive is running at " << base << ". Send the demo email with:\n\n"
              << *curl << "\n\nOutgoing email lands in "
              << (args.smtp_url.empty() ? common.data_dir + "/outbox/" : args.smtp_url)
              << ". Press Ctrl-C to stop." << std::endl;
  }

  int signal = signals.Wait();
  spdlog::info("event=stopping signal={}", signal);
  server.Stop();
  workers.Stop();
  callbacks.Stop();
  if (bounces) bounces->Stop();
  spdlog::info("event=stopped");
  return 0;
}

}  // namespace

void AddServeCommand(CLI::App& app, Common& common, int& exit_code) {
  auto* cmd =
      app.add_subcommand("serve", "Run the API, the delivery workers and the callback senders");
  auto args = std::make_shared<ServeArgs>();
  cmd->add_option("--listen", args->listen, "HOST:PORT for the API")
      ->envname("MISSIVE_LISTEN")
      ->capture_default_str();
  cmd->add_option("--smtp-url", args->smtp_url,
                  "smtp://HOST:PORT; without it, email goes to outbox/")
      ->envname("MISSIVE_SMTP_URL");
  cmd->add_option("--smtp-user", args->smtp_user, "SMTP user name")->envname("MISSIVE_SMTP_USER");
  cmd->add_option("--smtp-password", args->smtp_password, "SMTP password")
      ->envname("MISSIVE_SMTP_PASSWORD");
  cmd->add_option("--smtp-ca-file", args->smtp_ca_file,
                  "PEM certificates trusted for the SMTP server's TLS (default: the system's)")
      ->envname("MISSIVE_SMTP_CA_FILE")
      ->check(CLI::ExistingFile);
  cmd->add_option("--email-domain", args->email_domain, "Domain of the From addresses")
      ->envname("MISSIVE_EMAIL_DOMAIN")
      ->capture_default_str();
  cmd->add_option("--public-url", args->public_url, "Base of URIs in responses (default: Host)")
      ->envname("MISSIVE_PUBLIC_URL");
  cmd->add_option("--workers", args->workers, "Delivery threads")
      ->check(CLI::Range(1, 256))
      ->capture_default_str();
  cmd->add_option("--retry-base", args->retry_base_seconds,
                  "Seconds before the first retry of a failed send; doubles each time")
      ->check(CLI::Range(0.01, 3600.0))
      ->capture_default_str();
  cmd->add_option("--retry-cap", args->retry_cap_seconds,
                  "Longest wait in seconds between two attempts of a send (48 attempts in all)")
      ->check(CLI::Range(0.01, 86400.0))
      ->capture_default_str();
  cmd->add_option("--lease-seconds", args->lease_seconds,
                  "How long a delivery thread holds a notification it took; after a crash, "
                  "another takes it over once this has passed. Keep it above the SMTP timeout")
      ->check(CLI::Range(1.0, 86400.0))
      ->capture_default_str();
  cmd->add_option("--callback-retry-seconds", args->callback_retry_seconds,
                  "Seconds between attempts to POST a delivery-status callback (5 retries)")
      ->check(CLI::Range(0.01, 86400.0))
      ->capture_default_str();
  cmd->add_option("--bounce-address", args->bounce_address,
                  "Where bounces go (bounces@example.ca): each email's envelope sender becomes "
                  "bounces+<notification id>@example.ca (VERP). Default: the From address")
      ->envname("MISSIVE_BOUNCE_ADDRESS");
  cmd->add_option("--bounce-maildir", args->bounce_maildir,
                  "Maildir the bounce address is delivered to; its delivery reports and abuse "
                  "complaints update statuses and fire callbacks")
      ->envname("MISSIVE_BOUNCE_MAILDIR");
  cmd->add_option("--bounce-poll-seconds", args->bounce_poll_seconds,
                  "Seconds between two looks at the bounce Maildir")
      ->check(CLI::Range(0.01, 3600.0))
      ->capture_default_str();
  cmd->add_option("--sms-provider", args->sms_providers,
                  "An SMS provider, KIND:URL (repeatable): kannel:http://HOST:PORT/cgi-bin/sendsms?"
                  "username=U&password=P&from=F&receipt_secret=S or twilio:https://ACCOUNT_SID:"
                  "AUTH_TOKEN@api.twilio.com?from=%2B16135550100. Query keys: priority (lower "
                  "first), rate and burst (message parts a second), and the kind's own. Without "
                  "any, text messages go to outbox/sms.jsonl")
      ->envname("MISSIVE_SMS_PROVIDER");
  cmd->add_option("--sms-sender-rate", args->sms_sender_rate,
                  "Message parts a second sent from one sender number (+ and digits); 0: no limit")
      ->check(CLI::Range(0.0, 10000.0))
      ->capture_default_str();
  cmd->add_option("--sms-failover-after", args->sms_failures_before_cooldown,
                  "Failed sends in a row after which an SMS provider is skipped for a while")
      ->check(CLI::Range(1, 1000))
      ->capture_default_str();
  cmd->add_option("--sms-cooldown-seconds", args->sms_cooldown_seconds,
                  "How long a failing SMS provider is skipped before one message tries it again")
      ->check(CLI::Range(0.01, 86400.0))
      ->capture_default_str();
  cmd->add_flag("--demo", args->demo, "On an empty data directory, create a demo service");
  cmd->callback([&common, &exit_code, args] { exit_code = Serve(common, *args); });
}

}  // namespace missive::cli
