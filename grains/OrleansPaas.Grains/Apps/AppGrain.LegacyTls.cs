using OrleansPaas.Grains.Tls;
using OrleansPaas.Tls;

namespace OrleansPaas.Grains.Apps;

/// <summary>
/// What is left of the app's TLS here: the fields an app stored before certificates had their own
/// grain, handed to <see cref="AppCertificateGrain"/> once, and the renewal reminder registered then.
/// </summary>
public sealed partial class AppGrain : ILegacyTlsHolder, IRemindable
{
    // The name the app grain's renewal reminder had; the certificate grain registers its own.
    private const string LegacyRenewalReminder = "acme-renewal";

    public Task<AppCertificateState?> GetLegacyTlsAsync() => Task.FromResult(State.LegacyTls());

    public Task ForgetLegacyTlsAsync() => RunCommandAsync(async () =>
    {
        if (State.Exists)
        {
            State.ForgetLegacyTls();
            await state.WriteStateAsync();
        }

        return true;
    });

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != LegacyRenewalReminder)
        {
            return;
        }

        // The certificate grain registered its own reminder when it took the app's TLS over, which
        // its first activation does: activating it here makes sure that happened before this one goes.
        await GrainFactory.GetGrain<IAppCertificateGrain>(_name.Value).GetTlsEntryAsync();
        if (await this.GetReminder(reminderName) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
    }
}
