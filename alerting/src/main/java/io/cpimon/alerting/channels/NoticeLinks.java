package io.cpimon.alerting.channels;

/**
 * The links a chat message carries back to cpimon and to CPI: the dashboard, the alert's acknowledge and silence
 * pages ({@code <externalUrl>alerts/<id>?do=ack|silence}, which ask for a login when tokens are configured) and the
 * message in CPI. Every component is empty text when it cannot be built (no dashboard URL, an alert without an id,
 * no CPI link), never null. Immutable.
 */
public record NoticeLinks(String dashboard, String ack, String silence, String cpi) {

    /** The links of one alert, under the dashboard URL {@code dashboardUrl} (nullable). */
    public static NoticeLinks of(String dashboardUrl, AlertNotice alert) {
        String base = dashboardUrl == null ? "" : dashboardUrl.endsWith("/") ? dashboardUrl : dashboardUrl + "/";
        String cpi = alert == null ? null : alert.annotations().get("alternateWebLink");
        if (base.isEmpty() || alert == null || alert.alertId() == null) {
            return new NoticeLinks(base, "", "", cpi == null ? "" : cpi);
        }
        String page = base + "alerts/" + alert.alertId();
        return new NoticeLinks(base, page + "?do=ack", page + "?do=silence", cpi == null ? "" : cpi);
    }

    /** The links of a notice: those of its first shown alert (the firing ones, else the resolved ones). */
    public static NoticeLinks of(GroupNotice notice) {
        var shown = notice.isFiring() ? notice.firing() : notice.resolved();
        return of(notice.dashboardUrl(), shown.isEmpty() ? null : shown.get(0));
    }

    public boolean hasAlertActions() {
        return !ack.isEmpty();
    }
}
