// incidents resolve, reopen and note: a person's actions, each recorded
// with its author.

#include <pwd.h>
#include <unistd.h>

#include <cstdlib>
#include <iostream>

#include "certbund/cli.hpp"
#include "certbund/pipeline.hpp"

namespace certbund::cli {

namespace {

std::string login_name() {
  if (const char* name = getlogin(); name && *name) return name;
  for (const char* var : {"LOGNAME", "USER"}) {
    if (const char* name = std::getenv(var); name && *name) return name;
  }
  if (const passwd* pw = getpwuid(getuid()); pw && pw->pw_name && *pw->pw_name) return pw->pw_name;
  return "unknown";
}

Change change_of(const Action& action) { return {author(action.by), action.note.value_or("")}; }

// Why incident `id` could not change: it does not exist, or it is
// already in the state asked for (`resolve` on a resolved incident).
std::string not_changed(const Store& store, std::int64_t id) {
  const std::string which = "incident " + std::to_string(id) + ": ";
  auto story = store.incident_story(id);
  if (!story) return which + "no such incident";
  const IncidentInfo& incident = story->incident;
  if (incident.status == IncidentStatus::open) return which + "already open";
  return which + "already resolved" +
         (incident.resolved_at ? " at " + format_iso8601(*incident.resolved_at) : std::string());
}

}  // namespace

std::string author(const std::optional<std::string>& by) {
  if (by) {
    std::string name = trim(*by);
    if (name.empty()) throw Failure(Exit::usage, "--by: give a name");
    return name;
  }
  return login_name();
}

int resolve(const Global& g, const std::vector<std::int64_t>& ids, const Action& action) {
  const Change change = change_of(action);
  Context ctx(g);
  Pipeline pipeline(ctx.config, ctx.store);
  UnixTime at = now();
  ResolveOutcome outcome = pipeline.resolve(ids, at, change);
  for (std::int64_t id : outcome.resolved) {
    log_line(g, "incident " + std::to_string(id) + " resolved at " + format_iso8601(at) + " by " + change.by);
  }
  for (std::int64_t id : outcome.cancelled) {
    log_line(g, "notice " + std::to_string(id) + " cancelled: every incident it told of is resolved");
  }
  for (std::int64_t id : outcome.rerendered) {
    log_line(g, "notice " + std::to_string(id) + " made again without the resolved incidents");
  }
  for (std::int64_t id : outcome.not_open) std::cerr << "certbund: " << not_changed(ctx.store, id) << "\n";
  return outcome.not_open.empty() ? 0 : static_cast<int>(Exit::no_input);
}

int reopen(const Global& g, std::int64_t id, const Action& action) {
  const Change change = change_of(action);
  Context ctx(g);
  UnixTime at = now();
  if (!ctx.store.reopen_incident(id, at, change)) {
    throw Failure(Exit::no_input, not_changed(ctx.store, id));
  }
  log_line(g, "incident " + std::to_string(id) + " reopened at " + format_iso8601(at) + " by " + change.by);
  return 0;
}

int note(const Global& g, std::int64_t id, const std::string& text, const Action& action) {
  const std::string note_text = trim(text);
  if (note_text.empty()) throw Failure(Exit::usage, "incidents note: the note is empty");
  const std::string by = author(action.by);
  Context ctx(g);
  if (!ctx.store.add_note(id, now(), by, note_text)) {
    throw Failure(Exit::no_input, "incident " + std::to_string(id) + ": no such incident");
  }
  log_line(g, "incident " + std::to_string(id) + ": note by " + by + " added");
  return 0;
}

}  // namespace certbund::cli
