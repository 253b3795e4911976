import { graphql } from './gql';

export const HomeQuery = graphql(`
  query Home($party: ID!, $after: String) {
    now
    me {
      party {
        name
      }
    }
    commitmentsByUrgency(partyId: $party, first: 100, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          title
          status
          overdue
          dueOn
          owners
          awaitingConfirmationFrom
          occurrences {
            index
            dueOn
            status
          }
          convention {
            id
            title
          }
        }
      }
    }
    deadlines(filter: { partyId: $party }, first: 50) {
      conventionId
      dueOn
      kind
      subject
      lastDay
      daysLeft
      consequence {
        kind
        on
        text
      }
    }
    conventions(filter: { partyId: $party }, first: 100) {
      edges {
        node {
          id
          title
        }
      }
    }
  }
`);

export const ConventionsQuery = graphql(`
  query Conventions {
    conventions(first: 100) {
      totalCount
      edges {
        node {
          id
          title
          status
          workflowId
          effectiveOn
          noticeDeadline
          parties {
            id
            shortName
          }
        }
      }
    }
    workflows {
      id
      title
      timeZone
      options {
        id
        title
      }
    }
  }
`);

export const ConventionFields = graphql(`
  fragment ConventionFields on Convention {
    id
    title
    status
    version
    workflowId
    createdAt
    diagram(format: SVG)
    effectiveOn
    noticeDeadline
    terminationEffectiveOn
    allowedActions
    parties {
      id
      name
      shortName
    }
    signatures {
      partyId
      signatoryId
      title
      signedAt
      signedBy
    }
    term {
      number
      startsOn
      endsOn
    }
    termination {
      cause
      on
    }
    notice {
      partyId
      givenOn
      effectiveOn
      reason
    }
    suspension {
      partyId
      since
      reason
    }
    commitments {
      id
      key
      title
      article
      status
      overdue
      dueOn
      owners
      allowedActions
      waitingFor
      late
      dueUnderTermsOn
      terms {
        onlyIfEndedBy
        condition {
          fulfilled
          occurrence
        }
      }
      confirmations {
        partyId
        confirmedAt
        note
        evidenceUrl
      }
      occurrences {
        index
        startsOn
        dueOn
        status
        late
        dueUnderTermsOn
      }
    }
    options {
      id
      title
      chosen
    }
    terminationRights {
      cause
      holders
      since
    }
    amendments {
      id
      kind
      status
      summary
      proposedAt
      proposedBy
      pendingSignatories
      signatures {
        partyId
        signatoryId
        signedAt
      }
      diff {
        added
        waived
        rules
        changed {
          from
          to
        }
      }
    }
    evaluation {
      number
      dueOn
      pendingParties
      submissions {
        partyId
        submittedAt
      }
    }
    pastEvaluations {
      number
      completedAt
      submissions {
        partyId
        submittedAt
      }
    }
    meetings {
      committee
      heldOn
      attendingParties
      decisions
      minutesUrl
      quorate
    }
    breaches {
      commitmentKey
      description
      evidenceUrl
      reportedBy
      reportedOn
    }
    formalNotices {
      commitmentKey
      reason
      servedBy
      servedOn
      cureBy
      status
    }
  }
`);

export const ConventionQuery = graphql(`
  query Convention($id: ID!) {
    convention(id: $id) {
      ...ConventionFields
    }
  }
`);

export const WorkflowQuery = graphql(`
  query Workflow($id: ID!) {
    workflow(id: $id) {
      id
      title
      timeZone
      evaluation {
        criteria {
          id
          label
        }
      }
      committees {
        id
        name
        parties
      }
      parties {
        id
        signatories {
          id
          partyId
          title
        }
      }
    }
  }
`);

export const ConventionChanged = graphql(`
  subscription ConventionChanged($id: ID!) {
    conventionChanged(id: $id) {
      ...ConventionFields
    }
  }
`);

export const SignConvention = graphql(`
  mutation SignConvention($input: SignConventionInput!) {
    signConvention(input: $input) {
      convention {
        ...ConventionFields
      }
    }
  }
`);

export const MarkDone = graphql(`
  mutation MarkDone($input: MarkCommitmentDoneInput!) {
    markCommitmentDone(input: $input) {
      convention {
        ...ConventionFields
      }
    }
  }
`);

export const Reopen = graphql(`
  mutation Reopen($input: ReopenCommitmentInput!) {
    reopenCommitment(input: $input) {
      convention {
        ...ConventionFields
      }
    }
  }
`);

export const ServeFormalNotice = graphql(`
  mutation ServeFormalNotice($input: ServeFormalNoticeInput!) {
    serveFormalNotice(input: $input) {
      convention {
        ...ConventionFields
      }
    }
  }
`);

export const ReportBreach = graphql(`
  mutation ReportBreach($input: ReportBreachInput!) {
    reportBreach(input: $input) {
      convention {
        ...ConventionFields
      }
    }
  }
`);

export const GiveNotice = graphql(`
  mutation GiveNotice($input: GiveNoticeInput!) {
    giveNotice(input: $input) {
      convention {
        ...ConventionFields
      }
    }
  }
`);

export const SubmitEvaluation = graphql(`
  mutation SubmitEvaluation($input: SubmitEvaluationInput!) {
    submitEvaluation(input: $input) {
      convention {
        ...ConventionFields
      }
    }
  }
`);

export const RecordMeeting = graphql(`
  mutation RecordMeeting($input: RecordMeetingInput!) {
    recordMeeting(input: $input) {
      convention {
        ...ConventionFields
      }
    }
  }
`);

export const ProposeAmendment = graphql(`
  mutation ProposeAmendment($input: ProposeAmendmentInput!) {
    proposeAmendment(input: $input) {
      convention {
        ...ConventionFields
      }
    }
  }
`);

export const ProposeRenewal = graphql(`
  mutation ProposeRenewal($input: ProposeRenewalInput!) {
    proposeRenewal(input: $input) {
      convention {
        ...ConventionFields
      }
    }
  }
`);

export const SignAmendment = graphql(`
  mutation SignAmendment($input: SignAmendmentInput!) {
    signAmendment(input: $input) {
      convention {
        ...ConventionFields
      }
    }
  }
`);

export const WithdrawAmendment = graphql(`
  mutation WithdrawAmendment($input: WithdrawAmendmentInput!) {
    withdrawAmendment(input: $input) {
      convention {
        ...ConventionFields
      }
    }
  }
`);

export const Suspend = graphql(`
  mutation Suspend($input: SuspendConventionInput!) {
    suspendConvention(input: $input) {
      convention {
        ...ConventionFields
      }
    }
  }
`);

export const Resume = graphql(`
  mutation Resume($input: ResumeConventionInput!) {
    resumeConvention(input: $input) {
      convention {
        ...ConventionFields
      }
    }
  }
`);

export const Terminate = graphql(`
  mutation Terminate($input: TerminateConventionInput!) {
    terminateConvention(input: $input) {
      convention {
        ...ConventionFields
      }
    }
  }
`);

export const HistoryQuery = graphql(`
  query History($id: ID!, $after: String) {
    convention(id: $id) {
      id
      title
      workflowId
      version
    }
    workflows {
      id
      timeZone
    }
    history(conventionId: $id, first: 100, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          version
          type
          occurredAt
          occurredAtLocal
          timeZone
          payload
          hash
          prevHash
          actor {
            name
            role
            partyId
          }
        }
      }
    }
    latestCheckpoint {
      size
      issuedAt
      keyId
      root
      file
    }
    auditKey {
      keyId
      algorithm
    }
  }
`);

export const VerifyHistory = graphql(`
  query VerifyHistory($id: ID!) {
    verifyHistory(conventionId: $id) {
      valid
      eventCount
      firstBadVersion
      reason
    }
  }
`);

export const ConventionAt = graphql(`
  query ConventionAt($id: ID!, $at: String!) {
    conventionAt(id: $id, at: $at) {
      at
      version
      convention {
        ...ConventionFields
      }
    }
  }
`);

export const CreateConvention = graphql(`
  mutation CreateConvention($input: CreateConventionInput!) {
    createConvention(input: $input) {
      convention {
        id
        title
      }
    }
  }
`);

export const NoticePreviewQuery = graphql(`
  query NoticePreview($id: ID!) {
    noticePreview(conventionId: $id) {
      allowed
      effectiveOn
      noticeDeadline
      reason
      renewsTacitlyOn
    }
  }
`);
