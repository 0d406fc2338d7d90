<#
.SYNOPSIS
  Unlocks an AD account after the caller passed the callback verification.
#>
param(
    [Parameter(Mandatory)] [string] $SamAccountName,
    [Parameter(Mandatory)] [string] $TicketId
)

$user = Get-ADUser -Identity $SamAccountName -Properties LockedOut
if (-not $user.LockedOut) {
    Write-Output "$SamAccountName is not locked out; nothing to do."
    return
}
Unlock-ADAccount -Identity $SamAccountName
Write-Output "Unlocked $SamAccountName (ticket $TicketId)."
